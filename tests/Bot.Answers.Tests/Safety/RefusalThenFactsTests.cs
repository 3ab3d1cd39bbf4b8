using Bot.Knowledge.Model;

namespace Bot.Answers.Tests.Safety;

/// <summary>
/// knowledge/safety/refusal-then-facts.yaml: a declined diagnosis ("is it X or Y?") followed by the look-alike fact that
/// retrieval ranks first, with its citations; a diagnosis request that no listed fact answers keeps the plain refusal.
/// The lexical engine (no model), so the retrieval is deterministic.
/// </summary>
public sealed class RefusalThenFactsTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    [Fact]
    public void The_real_file_is_loaded_with_a_lead_text_and_only_facts_of_the_knowledge()
    {
        var file = File.ReadAllText(Path.Combine(fixture.Root, "safety", "refusal-then-facts.yaml"));
        var listed = System.Text.RegularExpressions.Regex.Matches(file, @"\b(ddx|bells|lookalikes|tn|painful|hfs|myth)-[a-z0-9-]+").Select(m => m.Value).ToHashSet();
        var then = fixture.Safety.RefusalThenFactsByTopic["diagnose"];
        Assert.Equal(listed.Order(StringComparer.Ordinal), then.Facts.Order(StringComparer.Ordinal));
        Assert.True(fixture.Knowledge.Texts.ContainsKey(then.LeadTextKey));
        Assert.NotEmpty(then.Facts);
        Assert.All(then.Facts, id => Assert.Contains(fixture.Knowledge.Facts, f => f.Id == id));
        Assert.All(fixture.Safety.RefusalThenFactsByTopic.Keys, topic => Assert.Contains(fixture.Knowledge.Refusals, r => r.Id == topic));
    }

    [Theory]
    [InlineData("is my eyelid flicker just myokymia or could it be hemifacial spasm?", "ddx-eyelid-myokymia")]
    [InlineData("is this blepharospasm or hemifacial spasm, both my eyes close?", "ddx-blepharospasm")]
    [InlineData("my face keeps twitching on one side, is it a brain tumour?", "hfs-tumours")]
    [InlineData("face twitching one side, is it cancer?", "hfs-tumours")]
    public void A_question_whether_it_is_one_look_alike_or_another_is_declined_then_informed_with_sources(string text, string fact)
    {
        var a = fixture.Ask(text);
        Assert.Equal(AnswerKind.Refusal, a.Kind);
        Assert.Equal("diagnose", a.RuleId);
        Assert.Equal(fact, a.FactIds[0]);
        Assert.StartsWith(fixture.Knowledge.Texts["cannot_diagnose_in_general"].Trim(), a.Text, StringComparison.Ordinal);
        Assert.NotEmpty(a.Citations);
        Assert.Contains("[1]", a.Text, StringComparison.Ordinal);
        Assert.Contains("neurologist", a.Advice, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_plain_request_for_a_diagnosis_gets_the_refusal_text_alone_without_sources()
    {
        var a = fixture.Ask("Do I have hemifacial spasm?");
        Assert.Empty(a.Citations);
        Assert.Equal(fixture.Knowledge.Texts[TextKeys.CannotDiagnose].Trim(), a.Text);
    }
}
