using Bot.Knowledge.Cleaning;
using Bot.Knowledge.Tests.Fixtures;
using Bot.Knowledge.Tests.TestData;
using Bot.Knowledge.Validation;

namespace Bot.Knowledge.Tests.Cleaning;

/// <summary>The cleaning step on the two real seed pages, checked against the fact check.</summary>
public sealed class SeedCleaningTests
{
    private static readonly Dictionary<string, CleanedPage> Pages = Directory
        .GetFiles(RepositoryPaths.SourcesFolder, "*.txt")
        .Where(CleanedPageFormat.IsRawPage)
        .Select(p => SourceCleaner.Clean(p, File.ReadAllText(p)))
        .ToDictionary(p => p.Prefix, StringComparer.Ordinal);

    private static CleanedSentence Sentence(string id)
    {
        var page = Pages[id[..id.IndexOf('.', StringComparison.Ordinal)]];
        return Assert.Single(page.Sentences, s => s.Id == id);
    }

    [Fact]
    public void Both_seed_pages_are_cleaned()
    {
        Assert.Equal(["S000", "S002"], Pages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(16, Pages["S000"].ParagraphCount);
        Assert.Equal(14, Pages["S002"].ParagraphCount);
    }

    [Theory]
    [MemberData(nameof(SeedSentences.SpamNoise), MemberType = typeof(SeedSentences))]
    public void Every_sentence_the_fact_check_marks_spam_noise_is_removed_or_has_the_spam_taken_out(string id, string row)
    {
        var s = Sentence(id);
        Assert.True(s.Outcome != SentenceOutcome.Kept, $"{id} ({row}) was kept as written: {s.Original}");
        Assert.NotEmpty(s.Issues);
        if (s.Outcome == SentenceOutcome.Repaired)
        {
            Assert.Empty(BannedWording.Find(s.Text));
            Assert.DoesNotContain(ContaminationLists.InjectedDrugNames, d => s.Text.Contains(d, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [MemberData(nameof(SeedSentences.Sound), MemberType = typeof(SeedSentences))]
    public void No_sentence_the_fact_check_supports_is_removed(string id, string row)
    {
        var s = Sentence(id);
        Assert.True(s.Outcome != SentenceOutcome.Removed, $"{id} ({row}) was removed: {string.Join("; ", s.Issues)}");
    }

    [Fact]
    public void No_published_sentence_of_either_seed_contains_spam_or_banned_wording()
    {
        foreach (var s in Pages.Values.SelectMany(p => p.Published))
        {
            Assert.True(!BannedWording.Find(s.Text).Any(), $"{s.Id} still holds banned wording: {s.Text}");
        }
    }

    [Fact]
    public void Sentences_whose_drug_name_replaced_the_condition_name_are_repaired_and_marked()
    {
        Assert.Equal("Attacks of hemispasm usually increase or occur during eating, talking, and emotional arousal.", Sentence("S000.p01.s01").Text);
        Assert.Equal(SentenceOutcome.Repaired, Sentence("S000.p01.s01").Outcome);
        Assert.Equal("A thorough examination is required to determine the cause of the condition.", Sentence("S002.p03.s04").Text);
        Assert.Contains("replaced 'reglan online' with 'the condition'", Sentence("S002.p03.s04").Repairs);
    }

    [Fact]
    public void A_sentence_that_an_injection_leaves_garbled_is_removed_rather_than_repaired()
    {
        var s = Sentence("S002.p02.s04");
        Assert.Equal(SentenceOutcome.Removed, s.Outcome);
        Assert.Contains(s.Issues, i => i.Category == IssueCategory.CommercePhrase);
    }

    [Fact]
    public void Every_removal_carries_a_reason_category()
    {
        var removed = Pages.Values.SelectMany(p => p.Sentences).Where(s => s.Outcome == SentenceOutcome.Removed).ToArray();
        Assert.NotEmpty(removed);
        Assert.All(removed, s => Assert.NotEmpty(s.Issues));
        var categories = removed.SelectMany(s => s.Issues).Select(i => i.Category).ToHashSet();
        Assert.Superset(new HashSet<IssueCategory> { IssueCategory.InjectedDrugName, IssueCategory.CommercePhrase, IssueCategory.OffTopicFragment, IssueCategory.PageArtefact }, categories);
    }

    [Theory]
    [InlineData("000_625ad518835aa279.txt")]
    [InlineData("002_bdc58bb6094bb29d.txt")]
    public void The_committed_cleaning_output_is_exactly_what_regenerating_it_gives(string page)
    {
        var raw = Path.Combine(RepositoryPaths.SourcesFolder, page);
        var cleaned = SourceCleaner.Clean(raw, File.ReadAllText(raw));
        Assert.Equal(CleanedPageFormat.ToCleanedText(cleaned), File.ReadAllText(CleanedPageFormat.CleanedPathFor(raw)));
        Assert.Equal(CleanedPageFormat.ToReport(cleaned), File.ReadAllText(CleanedPageFormat.ReportPathFor(raw)));
    }

    // SHA-256 of the two seed pages as handed to the project (the seed pages handed over with the brief, read on 2026-12-01; kept in knowledge/sources), so the
    // check stands on the repository alone: a fresh clone has nothing beside it.
    [Theory]
    [InlineData("000_625ad518835aa279.txt", "1fa07fe74e56d8fcfe0cd2442e3c891cec6131a55a974ea0bf531556f5e9b75e")]
    [InlineData("002_bdc58bb6094bb29d.txt", "2a9045d9ee1e40a30f78fd0cbb6d90badd957836df655cca956909ca44045080")]
    public void The_seed_pages_in_knowledge_sources_are_byte_for_byte_the_seeds_the_project_received(string page, string sha256)
    {
        var kept = File.ReadAllBytes(Path.Combine(RepositoryPaths.SourcesFolder, page));

        Assert.Equal(sha256, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(kept)).ToLowerInvariant());
        var meta = File.ReadAllText(Path.Combine(RepositoryPaths.SourcesFolder, Path.ChangeExtension(page, ".meta.yaml")));
        Assert.Contains("sha256: " + sha256, meta, StringComparison.Ordinal);
        Assert.Contains("bytes: " + kept.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), meta, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_raw_page_in_knowledge_sources_has_its_metadata_cleaned_text_and_removal_report()
    {
        var raw = Directory.GetFiles(RepositoryPaths.SourcesFolder, "*.txt").Where(f => !f.EndsWith(".cleaned.txt", StringComparison.Ordinal)).ToArray();

        Assert.Equal(2, raw.Length);
        foreach (var page in raw)
        {
            Assert.True(File.Exists(Path.ChangeExtension(page, ".meta.yaml")), $"{page} has no metadata");
            Assert.True(File.Exists(CleanedPageFormat.CleanedPathFor(page)), $"{page} has no cleaned text");
            Assert.True(File.Exists(CleanedPageFormat.ReportPathFor(page)), $"{page} has no removal report");
        }
    }
}
