using Bot.Knowledge.Cleaning;

namespace Bot.Knowledge.Tests.Cleaning;

/// <summary>The cleaning step's rules, one by one, on small made-up pages.</summary>
public sealed class SourceCleanerTests
{
    private static CleanedPage Clean(string text) => SourceCleaner.Clean("007_test.txt", text);

    private static CleanedSentence Only(string text) => Assert.Single(Clean(text).Sentences);

    [Fact]
    public void Paragraphs_are_non_empty_blocks_and_ids_carry_the_page_prefix()
    {
        var page = Clean("First one. Second one.\n\n\nThird one.\nStill third paragraph.\n");
        Assert.Equal(2, page.ParagraphCount);
        Assert.Equal(["S007.p01.s01", "S007.p01.s02", "S007.p02.s01", "S007.p02.s02"], page.Sentences.Select(s => s.Id));
        Assert.Equal([1, 1, 4, 5], page.Sentences.Select(s => s.Line));
    }

    [Fact]
    public void Removing_a_sentence_never_renumbers_the_others()
    {
        var page = Clean("Good first sentence. 14 May 2023\n\nGood second paragraph.\n");
        Assert.Equal(SentenceOutcome.Removed, page.Sentences[1].Outcome);
        Assert.Equal("S007.p02.s01", page.Published.Last().Id);
    }

    [Theory]
    [InlineData("14 May 2023")]
    [InlineData("13 jan 2023")]
    [InlineData("2023-05-14")]
    [InlineData("May 14, 2023")]
    public void A_stray_date_is_a_page_artefact(string date)
    {
        var s = Only(date);
        Assert.Equal(SentenceOutcome.Removed, s.Outcome);
        Assert.Equal(new CleaningIssue(IssueCategory.PageArtefact, "stray date"), Assert.Single(s.Issues));
    }

    [Fact]
    public void Run_together_headings_are_a_page_artefact()
    {
        var s = Only("Historical facts Causes of pathology Primary Secondary Clinical manifestations Methods of therapy Reviews.");
        Assert.Contains(s.Issues, i => i.Detail.StartsWith("run-together headings", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("It also occurs with other pathologies, which include.", "include")]
    [InlineData("It may spread to other parts, including.", "including")]
    public void A_truncated_sentence_is_a_page_artefact(string text, string last)
    {
        Assert.Contains(new CleaningIssue(IssueCategory.PageArtefact, $"truncated sentence (ends with '{last}')"), Only(text).Issues);
    }

    [Fact]
    public void A_sentence_ending_in_a_number_is_not_truncated()
    {
        Assert.Equal(SentenceOutcome.Kept, Only("It is most common in women over the age of 40.").Outcome);
    }

    [Fact]
    public void Words_run_together_are_a_page_artefact()
    {
        Assert.Contains(new CleaningIssue(IssueCategory.PageArtefact, "words run together ('becausethe')"), Only("It grows becausethe nerve is pressed.").Issues);
    }

    [Theory]
    [InlineData("Twitching gets worse with tadalafil online use.", "'tadalafil online'")]
    [InlineData("Sildenafil helps the face relax.", "'Sildenafil'")]
    public void Drug_names_beyond_the_four_seen_in_the_seeds_are_flagged(string text, string detail)
    {
        var s = Only(text);
        Assert.Equal(SentenceOutcome.Removed, s.Outcome);
        Assert.Contains(new CleaningIssue(IssueCategory.InjectedDrugName, detail), s.Issues);
    }

    [Fact]
    public void Medicines_really_used_for_hemifacial_spasm_are_not_flagged()
    {
        Assert.Equal(SentenceOutcome.Kept, Only("Carbamazepine, clonazepam, baclofen and gabapentin are sometimes tried, and botulinum toxin is used most.").Outcome);
    }

    [Theory]
    [InlineData("Order your toxin online today.")]
    [InlineData("Get them without a prescription.")]
    [InlineData("These pills help.")]
    public void Commerce_phrases_are_flagged(string text)
    {
        var s = Only(text);
        Assert.Equal(SentenceOutcome.Removed, s.Outcome);
        Assert.Contains(s.Issues, i => i.Category == IssueCategory.CommercePhrase);
    }

    [Fact]
    public void A_drug_name_in_place_of_the_condition_name_is_replaced_and_marked_repaired()
    {
        var s = Only("Doctors look for the cause of viagra pills.");
        Assert.Equal(SentenceOutcome.Repaired, s.Outcome);
        Assert.Equal("Doctors look for the cause of the condition.", s.Text);
        Assert.Equal("Doctors look for the cause of viagra pills.", s.Original);
    }

    [Fact]
    public void A_drug_name_standing_where_no_condition_name_belongs_is_removed()
    {
        Assert.Equal(SentenceOutcome.Removed, Only("Tumours of reglan press on the nerve.").Outcome);
    }

    [Fact]
    public void A_sentence_with_a_drug_name_and_another_problem_is_removed_not_repaired()
    {
        Assert.Equal(SentenceOutcome.Removed, Only("Attacks of zyrtec pills hemispasm are also known as tic cramps.").Outcome);
    }

    [Fact]
    public void Off_topic_fragments_are_flagged()
    {
        var s = Only("Vitamin D comes from eggs and sunlight.");
        Assert.Contains(new CleaningIssue(IssueCategory.OffTopicFragment, "'Vitamin D'"), s.Issues);
    }

    [Fact]
    public void Known_wrong_claims_are_flagged()
    {
        var s = Only("This is known as blepharospasm.");
        Assert.Equal(IssueCategory.WrongOrOffensiveWording, Assert.Single(s.Issues).Category);
    }

    [Fact]
    public void Cleaning_is_deterministic()
    {
        const string raw = "Attacks of zyrtec pills hemispasm increase.\r\n\r\n14 May 2023\r\nIt starts at the eye.";
        var a = Clean(raw);
        var b = Clean(raw);
        Assert.Equal(CleanedPageFormat.ToCleanedText(a), CleanedPageFormat.ToCleanedText(b));
        Assert.Equal(CleanedPageFormat.ToReport(a), CleanedPageFormat.ToReport(b));
        Assert.Equal(CleanedPageFormat.ToCleanedText(a), CleanedPageFormat.ToCleanedText(Clean(raw.Replace("\r\n", "\n", StringComparison.Ordinal))));
    }

    [Fact]
    public void The_cleaned_text_reads_back_with_ids_lines_and_repair_marks()
    {
        var text = CleanedPageFormat.ToCleanedText(Clean("Attacks of zyrtec pills hemispasm increase.\n\n14 May 2023\n\nIt starts at the eye.\n"));
        var (sentences, errors) = CleanedPageFormat.Parse(text);
        Assert.Empty(errors);
        Assert.Equal(2, sentences.Count);
        Assert.Equal(new ParsedSentence("S007.p01.s01", "Attacks of hemispasm increase.", sentences[0].Line, Repaired: true), sentences[0]);
        Assert.Equal("S007.p03.s01", sentences[1].Id);
        Assert.StartsWith("S007.p03.s01 It starts", text.Split('\n')[sentences[1].Line - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_lists_what_was_removed_and_repaired_and_why()
    {
        var report = CleanedPageFormat.ToReport(Clean("Attacks of zyrtec pills hemispasm increase.\n\n14 May 2023\n"));
        Assert.Contains("| S007.p02.s01 | 3 | page artefact: stray date | 14 May 2023 |", report, StringComparison.Ordinal);
        Assert.Contains("| S007.p01.s01 | 1 | injected drug or brand name: 'zyrtec pills' | removed 'zyrtec pills' |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_without_a_numeric_prefix_is_refused_with_a_clear_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => SourceCleaner.Clean("page.txt", "Text."));
        Assert.Contains("must start with a number and an underscore", ex.Message, StringComparison.Ordinal);
    }
}
