using Bot.Answers.Composition;
using Bot.Knowledge.Model;

namespace Bot.Answers.Tests.Composition;

public class AnswerComposerTests
{
    private static readonly KnowledgeBase Kb = TestKnowledge.Create();
    private static readonly AnswerComposer Composer = new(Kb.References);

    private static Fact FactById(string id) => Kb.Facts.Single(f => f.Id == id);

    [Fact]
    public void Every_sentence_carries_the_markers_of_its_own_claims_references_only()
    {
        var fact = TestKnowledge.Fact("two-claims", "basics",
            [new FactClaim("Hemifacial spasm is twitching of one side of the face.", ["ninds", "sp"]), new FactClaim("About 92% start at the eye.", ["sp"])],
            ["q1", "q2", "q3", "q4"]);
        var composed = Composer.Compose([fact]);
        Assert.Equal("Hemifacial spasm is twitching of one side of the face [1][2]. About 92% start at the eye [2].", composed.Text);
        Assert.Equal([1, 2], composed.Citations.Select(c => c.Number));
        Assert.Equal(["ninds", "sp"], composed.Citations.Select(c => c.ReferenceId));
        Assert.All(composed.Citations, c => Assert.True(c.Url.IsAbsoluteUri));
    }

    [Fact]
    public void The_claims_carry_their_text_without_markers_and_their_own_citation_numbers()
    {
        var fact = TestKnowledge.Fact("two-claims", "basics",
            [new FactClaim("Hemifacial spasm is twitching of one side of the face.", ["sp"]), new FactClaim("It is usually painless.", ["ninds", "sp"])],
            ["q1", "q2", "q3", "q4"]);
        var claims = Composer.Compose([fact]).Claims;
        Assert.Equal(2, claims.Count);
        Assert.Equal("Hemifacial spasm is twitching of one side of the face.", claims[0].Text);
        Assert.Equal([1], claims[0].CitationNumbers);
        Assert.Equal("It is usually painless.", claims[1].Text);
        Assert.Equal([2, 1], claims[1].CitationNumbers);
    }

    [Fact]
    public void Sources_are_numbered_across_the_whole_reply_and_shared_references_keep_one_number()
    {
        var composed = Composer.Compose([FactById("hfs-mvd"), FactById("hfs-cause")]);
        Assert.Equal(["miller", "ninds"], composed.Citations.Select(c => c.ReferenceId));
        Assert.EndsWith("leaves the brainstem [2].", composed.Text, StringComparison.Ordinal);
        Assert.Contains("\n\n", composed.Text, StringComparison.Ordinal);
        Assert.Equal(3, composed.Claims.Count);
        Assert.Equal([2], composed.Claims[^1].CitationNumbers);
    }

    [Fact]
    public void Three_facts_compose_into_one_reply_in_the_order_given()
    {
        var composed = Composer.Compose([FactById("hfs-botox"), FactById("hfs-what"), FactById("hfs-sleep")]);
        var parts = composed.Text.Split("\n\n");
        Assert.Equal(3, parts.Length);
        Assert.StartsWith("Botulinum toxin injections", parts[0], StringComparison.Ordinal);
        Assert.StartsWith("Hemifacial spasm is a condition", parts[1], StringComparison.Ordinal);
        Assert.StartsWith("The spasms often continue", parts[2], StringComparison.Ordinal);
        Assert.Equal(["tox", "ninds", "sp"], composed.Citations.Select(c => c.ReferenceId));
        Assert.EndsWith("less than when awake [3].", composed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fact_given_twice_is_shown_once()
    {
        var composed = Composer.Compose([FactById("hfs-cause"), FactById("hfs-cause")]);
        Assert.DoesNotContain("\n\n", composed.Text, StringComparison.Ordinal);
        Assert.Single(composed.Claims);
    }

    [Fact]
    public void No_fact_or_more_than_three_facts_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Composer.Compose([]));
        Assert.Throws<ArgumentException>(() => Composer.Compose(Kb.Facts.Take(4).ToArray()));
    }

    [Fact]
    public void Unknown_reference_ids_are_never_cited()
    {
        var fact = TestKnowledge.Fact("x", "t", "Something true.", ["q1", "q2", "q3", "q4"], ["missing", "sp"]);
        var composed = Composer.Compose([fact]);
        Assert.Equal("Something true [1].", composed.Text);
        Assert.Equal("sp", Assert.Single(composed.Citations).ReferenceId);
        Assert.Equal([1], Assert.Single(composed.Claims).CitationNumbers);
    }

    [Fact]
    public void Sentences_are_not_split_after_abbreviations_or_inside_numbers()
    {
        var sentences = AnswerComposer.Sentences("Drugs, e.g. Carbamazepine, help a little. About 2.4% relapse. Dr. Jannetta described it! Is it rare? Yes. See No. 5 of the list.");
        Assert.Equal(["Drugs, e.g. Carbamazepine, help a little.", "About 2.4% relapse.", "Dr. Jannetta described it!", "Is it rare?", "Yes.", "See No. 5 of the list."], sentences);
    }

    [Fact]
    public void A_sentence_answering_no_is_its_own_sentence()
    {
        Assert.Equal(["No.", "Hemifacial spasm is not a seizure."], AnswerComposer.Sentences("No. Hemifacial spasm is not a seizure."));
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
