using Bot.Knowledge.Tests.Fixtures;

namespace Bot.Knowledge.Tests.Loading;

/// <summary>The validator over small broken knowledge folders: each kind of problem gives its message at its line.</summary>
public sealed class ValidatorFixtureTests : IDisposable
{
    private readonly KnowledgeFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    private KnowledgeProblem Single(string file)
    {
        var problems = fixture.Problems();
        Assert.True(problems.Count == 1, "expected exactly one problem, got:\n" + string.Join("\n", problems));
        Assert.Equal(file, problems[0].File);
        return problems[0];
    }

    [Fact]
    public void The_unbroken_fixture_loads_without_problems()
    {
        var kb = fixture.LoadValid();
        Assert.Equal(2, kb.Facts.Count);
        Assert.Equal(2, kb.References.Count);
        Assert.Contains("S001.p01.s01", kb.SourceSentences.Keys);
        Assert.Equal(new Model.SourceLocation("facts/basics.yaml", 1), kb.Facts[0].Location);
    }

    [Fact]
    public void A_missing_field_is_reported_at_the_line_of_its_fact()
    {
        fixture.Replace("facts/basics.yaml", "  topic: symptoms\n", "");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "- id: fact-two"), p.Line);
        Assert.Equal("fact is missing the field 'topic'", p.Message);
    }

    [Fact]
    public void A_duplicate_fact_id_is_reported_at_the_second_id()
    {
        fixture.Replace("facts/basics.yaml", "- id: fact-two", "- id: fact-one");
        fixture.Replace("facts/basics.yaml", "related: [fact-two]", "related: []");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "topic: symptoms") - 1, p.Line);
        Assert.Equal("duplicate fact id 'fact-one' (first defined at facts/basics.yaml:1)", p.Message);
    }

    [Fact]
    public void A_question_already_answered_by_another_fact_is_a_duplicate_even_with_other_case_and_punctuation()
    {
        fixture.Replace("facts/basics.yaml", "- How does HFS begin?", "- what is  HFS");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "- what is  HFS"), p.Line);
        Assert.Equal($"duplicate question 'what is  HFS': fact 'fact-one' already answers it (facts/basics.yaml:{fixture.LineOf("facts/basics.yaml", "- What is HFS?")})", p.Message);
    }

    [Fact]
    public void An_unknown_reference_id_in_a_fact_is_reported_at_its_line()
    {
        fixture.Replace("facts/basics.yaml", "refs: [ninds]", "refs: [ninds, nobody-2020]");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "nobody-2020"), p.Line);
        Assert.Equal("fact 'fact-one', claim 1: unknown reference id 'nobody-2020' (not in references.yaml)", p.Message);
    }

    [Fact]
    public void An_unknown_reference_id_in_a_safety_rule_is_reported()
    {
        fixture.Replace("safety/emergency.yaml", "references: [ninds]", "references: [mayo-fast]");
        var p = Single("safety/emergency.yaml");
        Assert.Equal(fixture.LineOf("safety/emergency.yaml", "mayo-fast"), p.Line);
        Assert.Equal("red-flag rule 'stroke-face': unknown reference id 'mayo-fast' (not in references.yaml)", p.Message);
    }

    [Fact]
    public void A_claim_citing_no_tier_A_reference_is_reported_even_when_another_claim_of_its_fact_does()
    {
        fixture.Replace("facts/basics.yaml", "refs: [ninds, uman]", "refs: [uman]");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "refs: [uman]"), p.Line);
        Assert.Equal("fact 'fact-two', claim 1 cites no tier-A reference; at least one is required", p.Message);
    }

    [Fact]
    public void Provenance_pointing_to_a_removed_sentence_is_reported()
    {
        fixture.Replace("facts/basics.yaml", "provenance: [S001.p01.s01]", "provenance: [S001.p02.s02]");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "S001.p02.s02"), p.Line);
        Assert.Equal("fact 'fact-one': provenance 'S001.p02.s02' points to no sentence of a cleaned source (removed sentences cannot be cited)", p.Message);
    }

    [Fact]
    public void Provenance_that_is_neither_a_sentence_id_nor_added_from_references_is_reported()
    {
        fixture.Replace("facts/basics.yaml", "provenance: [S001.p01.s01]", "provenance: [the internet]");
        var p = Single("facts/basics.yaml");
        Assert.Equal("fact 'fact-one': provenance 'the internet' must be a cleaned sentence id (like S000.p01.s01) or \"added from references\"", p.Message);
    }

    [Theory]
    [InlineData("https://proxy.weglot.com/wg_1/en/es/pubmed.ncbi.nlm.nih.gov/28488609", "a translation proxy")]
    [InlineData("https://www.scribd.com/document/426848847/x", "an uploaded copy")]
    [InlineData("http://47.251.13.51:8081/29705020", "bare IP address")]
    [InlineData("https://europepmc.org/article/MED/22168965", "second index of PubMed/PMC records")]
    [InlineData("https://www.ncbi.nlm.nih.gov/pubmed/18458230", "legacy NCBI address")]
    [InlineData("http://www.ninds.nih.gov/disorders/hemifacial_spasm/hemifacial_spasm.htm", "must use https")]
    [InlineData("https://www.ninds.nih.gov/disorders/x?utm_source=mail", "must not carry a query string")]
    [InlineData("https://example-clinic.com/hfs", "not on the allow-list")]
    public void A_non_canonical_url_is_reported_with_the_reason(string url, string reason)
    {
        fixture.Replace("references.yaml", "https://www.ninds.nih.gov/disorders/hemifacial_spasm/hemifacial_spasm.htm", url);
        var problems = fixture.Problems();
        var p = Assert.Single(problems, x => x.Message.Contains("non-canonical URL", StringComparison.Ordinal));
        Assert.Equal("references.yaml", p.File);
        Assert.Equal(fixture.LineOf("references.yaml", url), p.Line);
        Assert.Contains(reason, p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_longer_than_70_words_is_reported()
    {
        var longClaim = "Hemifacial spasm " + string.Join(' ', Enumerable.Repeat("twitching", 56)) + ".";
        fixture.Replace("facts/basics.yaml", "Hemifacial spasm usually starts around one eye.", longClaim);
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", longClaim) - 1, p.Line);
        Assert.Equal("fact 'fact-two': answer too long (71 words in its claims; at most 70)", p.Message);
    }

    [Fact]
    public void A_fact_with_fewer_than_four_questions_is_reported()
    {
        fixture.Replace("facts/basics.yaml", "    - What is the first sign of hemifacial spasm?\n", "");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "- Where does hemifacial spasm start?") - 1, p.Line);
        Assert.Equal("fact 'fact-two' has 3 question(s); at least 4 phrasings are required (clinical and lay, short and long)", p.Message);
    }

    [Theory]
    [InlineData("It usually starts around one eye; zyrtec helps.", "zyrtec")]
    [InlineData("You can buy cheap toxin online.", "buy cheap toxin online")]
    [InlineData("HFS is also known as tic cramps.", "tic cramps")]
    [InlineData("It was named after Brissot.", "Brissot")]
    [InlineData("The tumour may become cancerous.", "become cancerous")]
    [InlineData("The spasm can blind the eye.", "can blind")]
    [InlineData("It spreads to the body over time.", "spreads to the body")]
    [InlineData("It is more common in the Mongoloid race.", "Mongoloid")]
    public void Banned_wording_in_a_fact_is_reported_at_its_line(string answer, string match)
    {
        fixture.Replace("facts/basics.yaml", "Over months or years the twitching spreads down that side of the face.", answer);
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", answer), p.Line);
        Assert.StartsWith($"banned wording '{match}'", p.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Banned_wording_in_a_fixed_text_or_a_comment_is_reported()
    {
        fixture.Replace("safety/texts.yaml", "welcome: Text for welcome.", "welcome: Ask me, or buy metoclopramide online.");
        fixture.Replace("synonyms.yaml", "- canonical: spasm", "# reglan was here\n- canonical: spasm");
        var problems = fixture.Problems();
        Assert.Contains(problems, p => p.File == "safety/texts.yaml" && p.Line == fixture.LineOf("safety/texts.yaml", "welcome:") && p.Message.StartsWith("banned wording 'metoclopramide'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "synonyms.yaml" && p.Line == 1 && p.Message.StartsWith("banned wording 'reglan'", StringComparison.Ordinal));
    }

    [Fact]
    public void Spam_words_are_allowed_in_matcher_patterns_and_in_the_kept_sources()
    {
        fixture.Replace("safety/refusals.yaml", @"patterns: ['\bdose\b']", @"patterns: ['\bdose\b', '\b(zyrtec|reglan)\b', '\bbuy\b.*\bonline\b', '\bpills?\b']");
        fixture.WriteSource("002_spam.txt", "Attacks of zyrtec pills hemispasm increase when talking.\n");
        Assert.Empty(fixture.Problems());
    }

    [Fact]
    public void A_missing_required_text_key_is_reported()
    {
        fixture.Replace("safety/texts.yaml", "fallback: Text for fallback.\n", "");
        var p = Single("safety/texts.yaml");
        Assert.Equal("is missing the required text 'fallback' (Bot.Knowledge.Model.TextKeys)", p.Message);
    }

    [Fact]
    public void A_refusal_naming_an_unknown_text_key_is_reported()
    {
        fixture.Replace("safety/refusals.yaml", "text: no_dosing", "text: no_dosage");
        var p = Single("safety/refusals.yaml");
        Assert.Equal(fixture.LineOf("safety/refusals.yaml", "text: no_dosage"), p.Line);
        Assert.Equal("refusal topic 'dosing': unknown text key 'no_dosage' (not in safety/texts.yaml)", p.Message);
    }

    [Fact]
    public void An_invalid_regular_expression_in_a_safety_rule_is_reported_at_its_line()
    {
        fixture.Replace("safety/emergency.yaml", @"'\bface\b.{0,20}\bdroop'", @"'\bface(\b.{0,20}\bdroop'");
        var p = Single("safety/emergency.yaml");
        Assert.Equal(fixture.LineOf("safety/emergency.yaml", @"\bface("), p.Line);
        Assert.StartsWith(@"'stroke-face': invalid regular expression '\bface(\b.{0,20}\bdroop'", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_safety_rule_the_linear_time_matcher_cannot_run_is_reported_instead_of_failing_at_start_up()
    {
        // A lookahead compiles as a .NET regular expression but not with the non-backtracking engine the triage uses.
        fixture.Replace("safety/emergency.yaml", @"'\bface\b.{0,20}\bdroop'", @"'\bface\b(?=.{0,20}\bdroop)'");
        var p = Single("safety/emergency.yaml");
        Assert.StartsWith("'stroke-face': the linear-time matcher cannot run its patterns together", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_related_id_that_is_not_a_fact_is_reported()
    {
        fixture.Replace("facts/basics.yaml", "related: [fact-two]", "related: [fact-three]");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "fact-three"), p.Line);
        Assert.Equal("fact 'fact-one': related id 'fact-three' is not a fact", p.Message);
    }

    [Fact]
    public void A_misspelt_field_is_reported_instead_of_ignored()
    {
        fixture.Replace("facts/basics.yaml", "  surgical: false", "  surgcal: false");
        var p = Single("facts/basics.yaml");
        Assert.Equal(fixture.LineOf("facts/basics.yaml", "surgcal"), p.Line);
        Assert.StartsWith("fact has an unknown field 'surgcal'", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_is_reported_at_the_line_of_the_syntax_error()
    {
        fixture.Replace("facts/basics.yaml", "refs: [ninds, uman]", "refs: [ninds, uman");
        var problems = fixture.Problems();
        var p = Assert.Single(problems, x => x.File == "facts/basics.yaml");
        Assert.StartsWith("is not valid YAML", p.Message, StringComparison.Ordinal);
        Assert.InRange(p.Line, fixture.LineOf("facts/basics.yaml", "refs: [ninds, uman"), fixture.LineOf("facts/basics.yaml", "related: []"));
    }

    [Fact]
    public void A_cleaned_text_edited_by_hand_is_reported_as_out_of_date()
    {
        fixture.Replace("sources/001_fixture.cleaned.txt", "twitching of one side", "twitching of both sides");
        var p = Single("sources/001_fixture.cleaned.txt");
        Assert.Equal(fixture.LineOf("sources/001_fixture.cleaned.txt", "both sides"), p.Line);
        Assert.StartsWith("is out of date with its raw page or was edited by hand", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_raw_page_no_longer_matches_its_recorded_checksum()
    {
        File.AppendAllText(Path.Combine(fixture.Root, "sources", KnowledgeFixture.PageName), "Extra.\n");
        var problems = fixture.Problems();
        Assert.Contains(problems, p => p.File == "sources/001_fixture.meta.yaml" && p.Message.StartsWith("sha256 does not match the raw page", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_required_file_is_reported()
    {
        File.Delete(Path.Combine(fixture.Root, "synonyms.yaml"));
        var p = Single("synonyms.yaml");
        Assert.Equal(new KnowledgeProblem("synonyms.yaml", 1, "is missing (required file)"), p);
    }

    [Fact]
    public void Load_returns_no_knowledge_base_when_there_is_a_problem()
    {
        fixture.Replace("facts/basics.yaml", "related: [fact-two]", "related: [fact-three]");
        var result = KnowledgeLoader.Load(fixture.Root);
        Assert.Null(result.KnowledgeBase);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void LoadOrThrow_lists_every_problem_as_file_line_message()
    {
        fixture.Replace("facts/basics.yaml", "related: [fact-two]", "related: [fact-three]");
        fixture.Replace("safety/refusals.yaml", "text: no_dosing", "text: no_dosage");
        var ex = Assert.Throws<KnowledgeValidationException>(() => KnowledgeLoader.LoadOrThrow(fixture.Root));
        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains($"facts/basics.yaml:{fixture.LineOf("facts/basics.yaml", "fact-three")}: fact 'fact-one': related id 'fact-three' is not a fact", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"safety/refusals.yaml:{fixture.LineOf("safety/refusals.yaml", "no_dosage")}: refusal topic 'dosing': unknown text key 'no_dosage'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_prints_as_file_colon_line_colon_message()
    {
        Assert.Equal("facts/a.yaml:12: answer too long", new KnowledgeProblem("facts/a.yaml", 12, "answer too long").ToString());
    }

    [Fact]
    public void A_knowledge_folder_that_does_not_exist_is_a_problem_not_a_crash()
    {
        var result = KnowledgeLoader.Load(Path.Combine(fixture.Root, "nope"));
        Assert.Null(result.KnowledgeBase);
        Assert.Contains("does not exist", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_reference_id_is_reported_at_the_second_id()
    {
        fixture.Replace("references.yaml", "- id: uman", "- id: ninds");
        fixture.Replace("facts/basics.yaml", "refs: [ninds, uman]", "refs: [ninds]");
        fixture.Replace("facts/basics.yaml", "refs: [uman, ninds]", "refs: [ninds]");
        var p = Single("references.yaml");
        Assert.Equal(fixture.LineOf("references.yaml", "title: \"Hemifacial Spasm\"") - 1, p.Line);
        Assert.Equal("duplicate reference id 'ninds' (first defined at references.yaml:1)", p.Message);
    }

    [Fact]
    public void An_unknown_reference_tier_is_reported()
    {
        fixture.Replace("references.yaml", "tier: C", "tier: D");
        var problems = fixture.Problems();
        Assert.Contains(problems, p => p.File == "references.yaml" && p.Line == fixture.LineOf("references.yaml", "tier: D") && p.Message == "reference 'uman': tier must be A, B or C, not 'D'");
    }

    [Fact]
    public void A_fact_file_that_is_not_a_list_is_reported()
    {
        fixture.Write("facts/extra.yaml", "id: lonely\n");
        var p = Single("facts/extra.yaml");
        Assert.Equal("must be a list of facts, not a map", p.Message);
    }

    [Fact]
    public void A_raw_page_without_metadata_is_reported()
    {
        File.Delete(Path.Combine(fixture.Root, "sources", "001_fixture.meta.yaml"));
        var p = Single("sources/001_fixture.meta.yaml");
        Assert.StartsWith("is missing: every raw page needs its metadata", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_emergency_rule_citing_nothing_is_reported()
    {
        fixture.Replace("safety/emergency.yaml", "references: [ninds]", "references: []");
        var p = Single("safety/emergency.yaml");
        Assert.Equal(fixture.LineOf("safety/emergency.yaml", "references: []"), p.Line);
        Assert.Equal("red-flag rule 'stroke-face': an emergency rule must cite the reference it rests on", p.Message);
    }
}
