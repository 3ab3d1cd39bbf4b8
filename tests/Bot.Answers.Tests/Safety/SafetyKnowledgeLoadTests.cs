using Bot.Answers.Safety;
using Bot.Tests.Services;

namespace Bot.Answers.Tests.Safety;

/// <summary>The safety files are read strictly: a key written twice in one map is refused, not read as the last one.</summary>
public sealed class SafetyKnowledgeLoadTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    [Fact]
    public void A_situation_with_two_cancels_keys_is_refused_with_the_file_and_line()
    {
        const string Stroke = "- id: stroke\n  tier: CallEmergencyNow\n";
        var e = LoadBroken("situations.yaml", Stroke, Stroke + "  cancels: [a second list]\n");
        Assert.Contains("safety/situations.yaml:", e.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate key cancels", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_small_talk_entry_of_an_unknown_kind_is_refused_with_the_language_named()
    {
        const string Thanks = "    thanks: {words: [\"grazie\"";
        var e = LoadBroken("languages.yaml", Thanks, "    compliments: {words: [\"bravo\"], reply: \"Grazie.\"}\n" + Thanks);
        Assert.Contains("language 'it': small_talk 'compliments'", e.Message, StringComparison.Ordinal);
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

    /// <summary>Loads a copy of the real safety files with <paramref name="oldText"/> (which must be there) replaced in one of them; the load must fail.</summary>
    private InvalidDataException LoadBroken(string file, string oldText, string newText)
    {
        var root = Directory.CreateTempSubdirectory("safety-broken-");
        try
        {
            TestDirectories.Copy(Path.Combine(fixture.Root, "safety"), Path.Combine(root.FullName, "safety"));
            var path = Path.Combine(root.FullName, "safety", file);
            var text = File.ReadAllText(path);
            Assert.Contains(oldText, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
            return Assert.Throws<InvalidDataException>(() => SafetyKnowledge.Load(root.FullName, fixture.Knowledge));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
