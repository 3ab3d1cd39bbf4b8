namespace Bot.Knowledge.Cleaning;

/// <summary>Why the cleaning step flagged a sentence.</summary>
public enum IssueCategory
{
    /// <summary>A drug or brand name injected where it does not belong (often in place of the condition's name).</summary>
    InjectedDrugName,
    /// <summary>Selling wording: "buy ... online", "pills", coupons, no prescription.</summary>
    CommercePhrase,
    /// <summary>A fragment about something else (vitamin D, cancer spreading, ...).</summary>
    OffTopicFragment,
    /// <summary>Left over from the page: stray dates, run-together headings, truncated or broken sentences, glued words.</summary>
    PageArtefact,
    /// <summary>Wording that is offensive, outdated, or a known wrong claim (the validator's banned wording).</summary>
    WrongOrOffensiveWording,
}

/// <summary>What happened to a sentence.</summary>
public enum SentenceOutcome
{
    /// <summary>Nothing was found; the sentence is kept as it was.</summary>
    Kept,
    /// <summary>An injected drug name or commerce phrase was taken out; the medical content is otherwise unchanged.</summary>
    Repaired,
    /// <summary>The sentence is left out of the cleaned text.</summary>
    Removed,
}

/// <summary>One problem found in a sentence.</summary>
public sealed record CleaningIssue(IssueCategory Category, string Detail);

/// <summary>One sentence of a raw page and what the cleaning step made of it.</summary>
public sealed record CleanedSentence(
    string Id,
    int Paragraph,
    int Index,
    int Line,
    string Original,
    string Text,
    SentenceOutcome Outcome,
    IReadOnlyList<CleaningIssue> Issues,
    IReadOnlyList<string> Repairs);

/// <summary>A raw page split into numbered paragraphs and sentences, each flagged, kept, repaired or removed.</summary>
public sealed record CleanedPage(string SourceFile, string Prefix, int ParagraphCount, IReadOnlyList<CleanedSentence> Sentences)
{
    public IEnumerable<CleanedSentence> Published => Sentences.Where(s => s.Outcome != SentenceOutcome.Removed);

    public int Count(SentenceOutcome outcome) => Sentences.Count(s => s.Outcome == outcome);

    /// <summary>Human-readable name of a category, as used in the report.</summary>
    public static string Describe(IssueCategory category) => category switch
    {
        IssueCategory.InjectedDrugName => "injected drug or brand name",
        IssueCategory.CommercePhrase => "commerce phrase",
        IssueCategory.OffTopicFragment => "off-topic fragment",
        IssueCategory.PageArtefact => "page artefact",
        IssueCategory.WrongOrOffensiveWording => "wrong, outdated or offensive wording",
        _ => category.ToString(),
    };
}
