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
}
