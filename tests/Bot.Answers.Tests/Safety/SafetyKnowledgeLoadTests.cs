using Bot.Answers.Safety;
using Bot.Tests.Services;

namespace Bot.Answers.Tests.Safety;

/// <summary>The safety files are read strictly: a key written twice in one map is refused, not read as the last one.</summary>
public sealed class SafetyKnowledgeLoadTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    [Fact]
    public void A_situation_with_two_cancels_keys_is_refused_with_the_file_and_line()
    {
        var root = Directory.CreateTempSubdirectory("safety-dup-");
        try
        {
            TestDirectories.Copy(Path.Combine(fixture.Root, "safety"), Path.Combine(root.FullName, "safety"));
            var path = Path.Combine(root.FullName, "safety", "situations.yaml");
            var text = File.ReadAllText(path);
            const string Stroke = "- id: stroke\n  tier: CallEmergencyNow\n";
            Assert.Contains(Stroke, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(Stroke, Stroke + "  cancels: [a second list]\n", StringComparison.Ordinal));

            var e = Assert.Throws<InvalidDataException>(() => SafetyKnowledge.Load(root.FullName, fixture.Knowledge));
            Assert.Contains("safety/situations.yaml:", e.Message, StringComparison.Ordinal);
            Assert.Contains("duplicate key cancels", e.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_small_talk_entry_of_an_unknown_kind_is_refused_with_the_language_named()
    {
        var root = Directory.CreateTempSubdirectory("safety-smalltalk-");
        try
        {
            TestDirectories.Copy(Path.Combine(fixture.Root, "safety"), Path.Combine(root.FullName, "safety"));
            var path = Path.Combine(root.FullName, "safety", "languages.yaml");
            var text = File.ReadAllText(path);
            const string Thanks = "    thanks: {words: [\"grazie\"";
            Assert.Contains(Thanks, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(Thanks, "    compliments: {words: [\"bravo\"], reply: \"Grazie.\"}\n" + Thanks, StringComparison.Ordinal));

            var e = Assert.Throws<InvalidDataException>(() => SafetyKnowledge.Load(root.FullName, fixture.Knowledge));
            Assert.Contains("language 'it': small_talk 'compliments'", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_five_languages_with_emergency_rules_also_answer_a_greeting_thanks_and_goodbye()
    {
        foreach (var code in new[] { "es", "fr", "de", "pt", "it" })
        {
            var language = fixture.Safety.Languages.Single(l => l.Code == code);
            Assert.Equal(
                [SmallTalkIntent.Greeting, SmallTalkIntent.Thanks, SmallTalkIntent.Goodbye],
                language.SmallTalk.Select(s => s.Intent).Order().ToArray());
        }

        Assert.Empty(fixture.Safety.Languages.Single(l => l.Code == "en").SmallTalk);
    }
}
