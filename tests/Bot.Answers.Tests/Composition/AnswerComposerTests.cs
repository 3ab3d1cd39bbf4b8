using Bot.Answers.Composition;

namespace Bot.Answers.Tests.Composition;

public class AnswerComposerTests
{
    private static readonly AnswerComposer Composer = new(TestKnowledge.Create().References);

    [Fact]
    public void Every_sentence_carries_the_markers_of_the_facts_references()
    {
        var kb = TestKnowledge.Create();
        var (text, citations) = Composer.Compose([kb.Facts.Single(f => f.Id == "hfs-what")]);
        Assert.Equal("Hemifacial spasm is a condition in which the muscles on one side of the face twitch involuntarily [1][2]. It is usually painless [1][2].", text);
        Assert.Equal([1, 2], citations.Select(c => c.Number));
        Assert.Equal(["ninds", "sp"], citations.Select(c => c.ReferenceId));
        Assert.All(citations, c => Assert.True(c.Url.IsAbsoluteUri));
    }

    [Fact]
    public void References_shared_by_several_facts_keep_one_number()
    {
        var kb = TestKnowledge.Create();
        var (text, citations) = Composer.Compose([kb.Facts.Single(f => f.Id == "hfs-mvd"), kb.Facts.Single(f => f.Id == "hfs-cause")]);
        Assert.Equal(["miller", "ninds"], citations.Select(c => c.ReferenceId));
        Assert.EndsWith("leaves the brainstem [2].", text, StringComparison.Ordinal);
        Assert.Contains("\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_reference_ids_are_never_cited()
    {
        var fact = TestKnowledge.Fact("x", "t", "Something true.", ["q1", "q2", "q3", "q4"], ["missing", "sp"]);
        var (text, citations) = Composer.Compose([fact]);
        Assert.Equal("Something true [1].", text);
        Assert.Equal("sp", Assert.Single(citations).ReferenceId);
    }

    [Fact]
    public void Sentences_are_not_split_after_abbreviations_or_inside_numbers()
    {
        var sentences = AnswerComposer.Sentences("Drugs, e.g. Carbamazepine, help a little. About 2.4% relapse. Dr. Jannetta described it! Is it rare? Yes.");
        Assert.Equal(["Drugs, e.g. Carbamazepine, help a little.", "About 2.4% relapse.", "Dr. Jannetta described it!", "Is it rare?", "Yes."], sentences);
    }

    [Theory]
    [InlineData("It works.", "It works [1].")]
    [InlineData("Does it?", "Does it [1]?")]
    [InlineData("No end mark", "No end mark [1]")]
    [InlineData("Really...", "Really [1]...")]
    public void The_marker_goes_before_the_closing_punctuation(string sentence, string expected)
    {
        Assert.Equal(expected, AnswerComposer.WithMarker(sentence, "[1]"));
    }
}
