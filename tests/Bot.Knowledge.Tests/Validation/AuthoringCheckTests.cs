using Bot.Knowledge.Loading;
using Bot.Knowledge.Tests.Fixtures;
using Bot.Knowledge.Validation;

namespace Bot.Knowledge.Tests.Validation;

/// <summary>The authoring checks, each on its own, and that loading for serving leaves them out while still refusing broken knowledge.</summary>
public sealed class AuthoringCheckTests : IDisposable
{
    private readonly KnowledgeFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    private LoadContext Context() => new(fixture.Root, new DateOnly(2026, 12, 1));

    private KnowledgeLoadResult Serve() => KnowledgeLoader.Load(fixture.Root, KnowledgeLoadOptions.Serving with { Today = fixture.Today });

    [Fact]
    public void The_freshness_check_passes_committed_output_of_the_cleaner()
    {
        var c = Context();
        SourceFreshnessCheck.Run(c);
        Assert.Empty(c.Problems.ToSortedList());
    }

    [Fact]
    public void The_freshness_check_reports_a_report_edited_by_hand()
    {
        File.AppendAllText(Path.Combine(fixture.Root, "sources", "001_fixture.report.md"), "An extra line.\n");
        var c = Context();
        SourceFreshnessCheck.Run(c);
        var p = Assert.Single(c.Problems.ToSortedList());
        Assert.Equal("sources/001_fixture.report.md", p.File);
        Assert.StartsWith("is out of date with its raw page or was edited by hand", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_freshness_check_reports_a_cleaned_text_without_a_raw_page()
    {
        File.WriteAllText(Path.Combine(fixture.Root, "sources", "009_orphan.cleaned.txt"), "S009.p01.s01 A sentence.\n");
        var c = Context();
        SourceFreshnessCheck.Run(c);
        Assert.Contains(c.Problems.ToSortedList(), p => p.File == "sources/009_orphan.cleaned.txt" && p.Message.StartsWith("has no raw page", StringComparison.Ordinal));
    }

    [Fact]
    public void The_provenance_check_reports_a_sentence_that_is_not_in_a_cleaned_source()
    {
        var c = Context();
        var entries = new[] { new ProvenanceEntry("fact 'x'", "S001.p09.s09", new Model.SourceLocation("facts/a.yaml", 7)) };
        ProvenanceCheck.Run(c, entries, SourcesLoader.Load(c));
        Assert.Equal(
            new KnowledgeProblem("facts/a.yaml", 7, "fact 'x': provenance 'S001.p09.s09' points to no sentence of a cleaned source (removed sentences cannot be cited)"),
            Assert.Single(c.Problems.ToSortedList()));
    }

    [Fact]
    public void The_banned_wording_scan_reads_yaml_values_and_markdown_but_not_the_sources()
    {
        fixture.Write("NOTES.md", "Line one.\nbuy cheap toxin online\n");
        fixture.WriteSource("002_spam.txt", "Attacks of zyrtec pills hemispasm increase when talking.\n");
        var c = Context();
        BannedWordingScan.Run(c);
        var p = Assert.Single(c.Problems.ToSortedList());
        Assert.Equal(("NOTES.md", 2), (p.File, p.Line));
    }

    [Theory]
    [InlineData("About 92% of spasms start at the eye.", "92%")]
    [InlineData("Incidence is 0.8 to 1.5 per 100,000 a year.", "0.8")]
    [InlineData("A review of 5,685 patients found this.", "5,685")]
    [InlineData("Babinski described the sign in 1905.", "1905")]
    [InlineData("Ear clicking affects about 23 % of patients.", "23 %")]
    public void A_claim_with_a_figure_citing_more_than_two_references_is_a_warning(string claim, string figure)
    {
        fixture.Replace("references.yaml", "- id: uman", """
            - id: msd
              title: "Hemifacial spasm (MSD Manual)"
              publisher: "Merck & Co."
              year: 2024
              url: https://www.msdmanuals.com/professional/hfs
              tier: A

            - id: uman
            """);
        fixture.Replace("facts/basics.yaml", "- text: Over months or years the twitching spreads down that side of the face.\n      refs: [uman, ninds]", $"- text: {claim}\n      refs: [uman, ninds, msd]");
        var result = fixture.Load();
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var w = Assert.Single(result.Warnings, w => w.Message.Contains("cites 3 references", StringComparison.Ordinal));
        Assert.Equal(("facts/basics.yaml", fixture.LineOf("facts/basics.yaml", claim)), (w.File, w.Line));
        Assert.Equal($"fact 'fact-two', claim 2 states a figure ('{figure}') and cites 3 references; cite only the reference(s) that report it (at most 2)", w.Message);
    }

    [Fact]
    public void A_claim_with_a_figure_citing_one_or_two_references_or_a_claim_without_figures_is_fine()
    {
        fixture.Replace("facts/basics.yaml", "Over months or years the twitching spreads down that side of the face.", "In one series 93.4% had spread to other muscles.");
        fixture.Replace("references.yaml", "  tier: C\n", "  tier: C\n  note: \"Page read: spread to other muscles in 93.4%.\"\n");
        Assert.Empty(fixture.Load().Warnings);
        Assert.Null(FigureCitationCheck.FirstFigure("Hemifacial spasm affects the facial nerve (cranial nerve VII)."));
    }

    [Fact]
    public void A_figure_that_no_cited_reference_records_in_its_note_title_or_year_is_a_warning()
    {
        const string claim = "In one series 93.4% had spread to other muscles.";
        fixture.Replace("facts/basics.yaml", "Over months or years the twitching spreads down that side of the face.", claim);
        var result = fixture.Load();
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var w = Assert.Single(result.Warnings);
        Assert.Equal(("facts/basics.yaml", fixture.LineOf("facts/basics.yaml", claim)), (w.File, w.Line));
        Assert.StartsWith("fact 'fact-two', claim 2 states '93.4', which none of its references (uman, ninds) records in its note, title or year", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_recorded_by_only_a_reference_of_another_claim_is_still_a_warning()
    {
        fixture.Replace("facts/basics.yaml", "Over months or years the twitching spreads down that side of the face.", "In one series 93.4% had spread to other muscles.");
        fixture.Replace("references.yaml", "  tier: A\n", "  tier: A\n  note: \"Spread in 93.4%.\"\n");
        fixture.Replace("facts/basics.yaml", "refs: [uman, ninds]", "refs: [uman]");
        Assert.Contains(fixture.Load().Warnings, w => w.Message.Contains("states '93.4'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("45", "44.86", true)]
    [InlineData("1.7", "1.72", true)]
    [InlineData("10.6", "10.62", true)]
    [InlineData("5,685", "5685", true)]
    [InlineData("91.1", "91.1", true)]
    [InlineData("2.6", "2.7", false)]
    [InlineData("12", "12.6", false)]
    [InlineData("15", "1.5", false)]
    public void A_claimed_figure_matches_a_recorded_one_exactly_or_rounded_to_its_own_precision(string claimed, string recorded, bool matches) =>
        Assert.Equal(matches, FigureRecordCheck.Matches(claimed, decimal.Parse(recorded, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Figures_are_numbers_with_their_thousands_and_decimals_but_not_ordinals_or_parts_of_words()
    {
        Assert.Equal(["5,685", "91.1", "2.9"], FigureRecordCheck.Figures("A review of 5,685 patients found relief in 91.1% after 2.9 years."));
        Assert.Equal(["51", "68", "86"], FigureRecordCheck.Figures("From 51-68% in one study to 86% in another."));
        Assert.Empty(FigureRecordCheck.Figures("Descriptions reach back to the 19th century; the 2nd nerve; the H5N1 strain."));
    }

    [Fact]
    public void A_year_of_publication_counts_as_recorded_for_the_reference_of_that_year()
    {
        fixture.Replace("facts/basics.yaml", "Over months or years the twitching spreads down that side of the face.", "A 2026 page says it spreads down the face.");
        Assert.Empty(fixture.Load().Warnings);
    }

    [Fact]
    public void Loading_for_serving_skips_the_authoring_checks()
    {
        fixture.Replace("facts/basics.yaml", "Over months or years the twitching spreads down that side of the face.", "You can buy cheap toxin online.");
        fixture.Replace("facts/basics.yaml", "provenance: [S001.p01.s01]", "provenance: [S001.p09.s09]");
        File.AppendAllText(Path.Combine(fixture.Root, "sources", KnowledgeFixture.PageName), "Extra.\n");

        var serving = Serve();
        Assert.True(serving.IsValid, string.Join("\n", serving.Problems));
        Assert.Equal(3, fixture.Problems().Count(p => p.Message.StartsWith("banned wording", StringComparison.Ordinal) || p.Message.Contains("provenance", StringComparison.Ordinal) || p.Message.StartsWith("sha256", StringComparison.Ordinal)));
    }

    [Fact]
    public void Loading_for_serving_still_refuses_a_claim_without_a_reference()
    {
        fixture.Replace("facts/basics.yaml", "refs: [ninds]", "refs: []");
        var serving = Serve();
        Assert.Null(serving.KnowledgeBase);
        Assert.StartsWith("fact 'fact-one', claim 1 cites no reference", Assert.Single(serving.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_for_serving_gives_the_same_knowledge_as_a_full_load()
    {
        var full = fixture.LoadValid();
        var served = Serve().KnowledgeBase!;
        Assert.Equal(full.Facts.Select(f => f.Answer), served.Facts.Select(f => f.Answer));
        Assert.Equal(full.References.Keys.Order(StringComparer.Ordinal), served.References.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(full.SourceSentences.Keys.Order(StringComparer.Ordinal), served.SourceSentences.Keys.Order(StringComparer.Ordinal));
    }
}
