using Bot.Knowledge.Tests.Fixtures;

namespace Bot.Knowledge.Tests.Loading;

/// <summary>The second-edition fact format: claims with their own references, review metadata, first sentences that stand alone, reference dates.</summary>
public sealed class FactFormatTests : IDisposable
{
    private const string Basics = "facts/basics.yaml";
    private readonly KnowledgeFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    private KnowledgeProblem Single(string file = Basics)
    {
        var problems = fixture.Problems();
        Assert.True(problems.Count == 1, "expected exactly one problem, got:\n" + string.Join("\n", problems));
        Assert.Equal(file, problems[0].File);
        return problems[0];
    }

    [Fact]
    public void Claims_are_loaded_in_order_with_their_own_references()
    {
        var fact = fixture.LoadValid().Facts.Single(f => f.Id == "fact-two");
        Assert.Equal(["Hemifacial spasm usually starts around one eye.", "Over months or years the twitching spreads down that side of the face."], fact.Claims.Select(c => c.Text));
        Assert.Equal(["ninds", "uman"], fact.Claims[0].ReferenceIds);
        Assert.Equal(["uman", "ninds"], fact.Claims[1].ReferenceIds);
        Assert.Equal(["ninds", "uman"], fact.ReferenceIds);
        Assert.Equal("Hemifacial spasm usually starts around one eye. Over months or years the twitching spreads down that side of the face.", fact.Answer);
    }

    [Fact]
    public void The_review_metadata_is_loaded()
    {
        var fact = fixture.LoadValid().Facts.Single(f => f.Id == "fact-one");
        Assert.Equal(new Model.FactReview("neurologist review", new DateOnly(2026, 11, 22), new DateOnly(2027, 11, 22)), fact.Review);
    }

    [Fact]
    public void A_claim_with_an_empty_reference_list_is_an_error()
    {
        fixture.Replace(Basics, "refs: [ninds]", "refs: []");
        var p = Single();
        Assert.Equal(fixture.LineOf(Basics, "refs: []"), p.Line);
        Assert.Equal("fact 'fact-one', claim 1 cites no reference: every claim lists the references that state it ('refs: [id, ...]')", p.Message);
    }

    [Fact]
    public void A_claim_without_a_refs_field_is_an_error()
    {
        fixture.Replace(Basics, "      refs: [ninds]\n", "");
        var p = Single();
        Assert.Equal(fixture.LineOf(Basics, "- text: Hemifacial spasm is twitching"), p.Line);
        Assert.StartsWith("fact 'fact-one', claim 1 cites no reference", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fact_without_claims_is_an_error()
    {
        fixture.Replace(Basics, "  claims:\n    - text: Hemifacial spasm is twitching of the muscles on one side of the face.\n      refs: [ninds]\n", "  claims: []\n");
        var p = Single();
        Assert.Equal(fixture.LineOf(Basics, "claims: []"), p.Line);
        Assert.Equal("fact: 'claims' must be a non-empty list of claims, not an empty list", p.Message);
    }

    [Fact]
    public void A_claim_of_two_sentences_is_an_error()
    {
        fixture.Replace(Basics, "on one side of the face.", "on one side of the face. It is painless.");
        var p = Single();
        Assert.Equal(fixture.LineOf(Basics, "It is painless."), p.Line);
        Assert.Equal("fact 'fact-one', claim 1 holds 2 sentences; write one sentence per claim, so each sentence carries the markers of its own references", p.Message);
    }

    [Theory]
    [InlineData("Yes.", "it opens with a bare \"Yes\"")]
    [InlineData("\"No, it is harmless to the nerve and the brain.\"", "it opens with a bare \"No\"")]
    [InlineData("Rarely.", "it opens with a bare \"Rarely\"")]
    [InlineData("Sometimes, when the spasm is severe.", "it opens with a bare \"Sometimes\"")]
    [InlineData("Usually yes, but only on the same side.", "it opens with a bare \"Usually yes\"")]
    [InlineData("It is a disorder of the facial nerve.", "it opens with \"It\", which does not name the subject")]
    [InlineData("Not as a standard treatment for most people.", "it opens with \"Not\", which does not name the subject")]
    [InlineData("Sources disagree.", "it has only 2 word(s)")]
    public void A_first_claim_that_does_not_stand_alone_is_an_error(string opener, string why)
    {
        fixture.Replace(Basics, "- text: Hemifacial spasm usually starts around one eye.", "- text: " + opener);
        var p = Single();
        Assert.Equal(fixture.LineOf(Basics, "- text: " + opener), p.Line);
        Assert.Equal($"fact 'fact-two', claim 1: the first sentence must stand on its own for any question the fact answers ({why}); name the subject, e.g. \"Hemifacial spasm ...\"", p.Message);
    }

    [Fact]
    public void A_later_claim_may_open_with_a_pronoun()
    {
        fixture.Replace(Basics, "Over months or years the twitching spreads", "It spreads over months or years");
        Assert.Empty(fixture.Problems());
    }

    [Theory]
    [InlineData("Usually the spasm starts around one eye.")]
    [InlineData("Yesterday's hemifacial spasm study found the same.")]
    [InlineData("Notably, hemifacial spasm starts around one eye.")]
    public void A_first_claim_that_merely_starts_with_such_a_word_is_accepted(string opener)
    {
        fixture.Replace(Basics, "Hemifacial spasm usually starts around one eye.", opener);
        Assert.Empty(fixture.Problems());
    }

    [Fact]
    public void A_first_edition_answer_field_is_reported_with_what_replaced_it()
    {
        fixture.Replace(Basics, "  provenance: [S001.p01.s01]", "  answer: Hemifacial spasm is twitching.\n  provenance: [S001.p01.s01]");
        var p = Single();
        Assert.Equal(fixture.LineOf(Basics, "answer:"), p.Line);
        Assert.Equal("fact 'fact-one': 'answer' is the first edition's field; write the answer as 'claims', one sentence each with its own 'refs' (knowledge/README.md)", p.Message);
    }

    [Fact]
    public void A_fact_without_review_metadata_is_an_error()
    {
        fixture.Replace(Basics, "  review:\n    by: neurologist review\n    on: 2026-11-22\n    due: 2027-11-22\n", "");
        var p = Single();
        Assert.Equal(1, p.Line);
        Assert.Equal("fact is missing the field 'review'", p.Message);
    }

    [Fact]
    public void A_review_without_a_reviewer_role_is_an_error()
    {
        fixture.Replace(Basics, "    by: neurologist review\n", "");
        var p = Single();
        Assert.Equal(fixture.LineOf(Basics, "on: 2026-11-22"), p.Line);
        Assert.Equal("review is missing the field 'by'", p.Message);
    }

    [Fact]
    public void An_overdue_review_is_a_warning_and_the_knowledge_still_loads()
    {
        fixture.Today = new DateOnly(2027, 11, 23);
        var result = fixture.Load();
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(2, result.Warnings.Count);
        var w = result.Warnings[0];
        Assert.Equal(Basics, w.File);
        Assert.Equal(fixture.LineOf(Basics, "due: 2027-11-22"), w.Line);
        Assert.Equal("fact 'fact-one': review overdue (it was due on 2027-11-22); re-check the fact against its references and update 'review'", w.Message);
    }

    [Fact]
    public void A_review_due_today_is_not_yet_overdue()
    {
        fixture.Today = new DateOnly(2027, 11, 22);
        Assert.Empty(fixture.Load().Warnings);
    }

    [Fact]
    public void A_review_due_before_it_was_done_is_an_error()
    {
        fixture.Replace(Basics, "    due: 2027-11-22\n  related: [fact-two]", "    due: 2026-11-01\n  related: [fact-two]");
        var p = Single();
        Assert.Equal("fact 'fact-one': review due date 2026-11-01 must come after the review date 2026-11-22", p.Message);
    }

    [Fact]
    public void A_review_due_more_than_a_year_later_is_an_error()
    {
        fixture.Replace(Basics, "    due: 2027-11-22\n  related: [fact-two]", "    due: 2028-11-22\n  related: [fact-two]");
        var p = Single();
        Assert.Equal(fixture.LineOf(Basics, "due: 2028-11-22"), p.Line);
        Assert.Equal("fact 'fact-one': review due date 2028-11-22 is more than a year after the review; facts are re-reviewed at least once a year", p.Message);
    }

    [Fact]
    public void A_review_dated_in_the_future_is_an_error()
    {
        fixture.Today = new DateOnly(2026, 11, 21);
        var problems = fixture.Problems();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.EndsWith("review date 2026-11-22 is in the future", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_reference_keeps_its_accessed_date_apart_from_the_year_of_the_work()
    {
        fixture.Replace("references.yaml", "  year: 2026\n  url: https://www.ninds", "  year: 2024\n  accessed: 2026-11-20\n  url: https://www.ninds");
        var reference = fixture.LoadValid().References["ninds"];
        Assert.Equal(2024, reference.Year);
        Assert.Equal(new DateOnly(2026, 11, 20), reference.Accessed);
    }

    [Fact]
    public void A_reference_year_after_the_date_it_was_read_is_an_error()
    {
        fixture.Replace("references.yaml", "  year: 2026\n  url: https://www.ninds", "  year: 2026\n  accessed: 2025-11-20\n  url: https://www.ninds");
        var p = Single("references.yaml");
        Assert.Equal(fixture.LineOf("references.yaml", "year: 2026"), p.Line);
        Assert.Equal("reference 'ninds': year 2026 is after the date it was accessed (2025-11-20); 'year' is the year of the work, 'accessed' the date it was read", p.Message);
    }

    [Fact]
    public void A_reference_accessed_in_the_future_is_an_error()
    {
        fixture.Replace("references.yaml", "  year: 2026\n  url: https://www.ninds", "  year: 2026\n  accessed: 2026-12-02\n  url: https://www.ninds");
        var p = Single("references.yaml");
        Assert.Equal("reference 'ninds': accessed date 2026-12-02 is in the future", p.Message);
    }
}
