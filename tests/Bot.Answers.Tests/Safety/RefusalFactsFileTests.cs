using System.Text.RegularExpressions;

namespace Bot.Answers.Tests.Safety;

/// <summary>
/// knowledge/safety/refusal-facts.yaml against the real knowledge: the loader leaves out a key that is not a refusal
/// topic of the loaded knowledge (so a knowledge base built in code can use the real safety folder), so this test is
/// what catches a misspelt topic in the real file.
/// </summary>
public sealed partial class RefusalFactsFileTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    [GeneratedRegex(@"^([a-z0-9-]+):\s*([a-z0-9-]+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Entry();

    [Fact]
    public void Every_entry_of_the_real_file_names_a_refusal_topic_and_a_fact_and_is_loaded()
    {
        var text = File.ReadAllText(Path.Combine(fixture.Root, "safety", "refusal-facts.yaml"));
        var entries = Entry().Matches(text).Select(m => (Topic: m.Groups[1].Value, Fact: m.Groups[2].Value)).ToArray();
        Assert.NotEmpty(entries);
        foreach (var (topic, fact) in entries)
        {
            Assert.Contains(fixture.Knowledge.Refusals, r => r.Id == topic);
            Assert.Contains(fixture.Knowledge.Facts, f => f.Id == fact);
            Assert.Equal(fact, fixture.Safety.RefusalFacts[topic]);
        }

        Assert.Equal(entries.Length, fixture.Safety.RefusalFacts.Count);
    }
}
