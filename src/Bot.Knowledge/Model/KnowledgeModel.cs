namespace Bot.Knowledge.Model;

// The shapes every other project reads. Loading, validation and the file formats live beside this
// folder (see knowledge/README.md). Every item records where it was read from, so problems can be
// reported as file:line.

/// <summary>Where an item was read from (path relative to the knowledge root, 1-based line).</summary>
public sealed record SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

public enum ReferenceTier
{
    /// <summary>Peer-reviewed paper (PubMed / DOI), guideline, or a health body's own page.</summary>
    A,
    /// <summary>Reputable secondary source (patient organisation, textbook chapter).</summary>
    B,
    /// <summary>Corroboration only (a hospital's or specialist society's education page); never the only reference of a fact.</summary>
    C,
}

/// <summary>One entry of the bibliography (knowledge/references.yaml).</summary>
public sealed record Reference(
    string Id,
    string Title,
    string Publisher,
    int Year,
    Uri Url,
    ReferenceTier Tier,
    SourceLocation Location)
{
    /// <summary>Optional reviewer note (for example: abstract seen only on a mirror; link rebuilt from its PMID).</summary>
    public string? Note { get; init; }

    /// <summary>
    /// The date the source was last read (web pages change); kept apart from <see cref="Year"/>, which is
    /// always the year of the work (for a page: the year of its last update), the year shown to readers.
    /// </summary>
    public DateOnly? Accessed { get; init; }
}

/// <summary>
/// One atomic, published fact (knowledge/facts/*.yaml): its answer is a short list of claims, each a
/// sentence with the references that state it.
/// </summary>
public sealed record Fact(
    string Id,
    string Topic,
    IReadOnlyList<string> Questions,
    IReadOnlyList<FactClaim> Claims,
    IReadOnlyList<string> Provenance,
    FactReview Review,
    IReadOnlyList<string> Related,
    SourceLocation Location)
{
    /// <summary>The provenance value that marks a fact written from the references rather than a seed sentence.</summary>
    public const string AddedFromReferences = "added from references";

    /// <summary>True for facts about operations (answers then advise a neurosurgeon as well).</summary>
    public bool IsSurgical { get; init; }

    /// <summary>The answer as one text: the claims in order, separated by a space (for indexing and search; citing goes by <see cref="Claims"/>).</summary>
    public string Answer => string.Join(' ', Claims.Select(c => c.Text));

    /// <summary>Every reference the fact's claims cite, each once, in order of first use.</summary>
    public IReadOnlyList<string> ReferenceIds => Claims.SelectMany(c => c.ReferenceIds).Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>One sentence of a fact's answer and the ids of the references that state it (at least one of tier A).</summary>
public sealed record FactClaim(string Text, IReadOnlyList<string> ReferenceIds);

/// <summary>Who reviewed a fact against its references (a role, such as "neurologist review"), when, and when the review is due again.</summary>
public sealed record FactReview(string By, DateOnly On, DateOnly Due)
{
    /// <summary>True when the next review date has passed.</summary>
    public bool IsOverdue(DateOnly today) => Due < today;
}

/// <summary>A group of words that mean the same thing to the reader (knowledge/synonyms.yaml).</summary>
public sealed record SynonymGroup(string Canonical, IReadOnlyList<string> Terms, SourceLocation Location);

public enum SafetyRuleKind
{
    /// <summary>Call the local emergency number now (stroke-like signs, Ramsay Hunt pattern).</summary>
    Emergency,
    /// <summary>Thoughts of suicide or self-harm: crisis line and emergency number.</summary>
    Crisis,
}

/// <summary>
/// A red-flag rule (knowledge/safety/emergency.yaml). <see cref="Patterns"/> are .NET regular expressions
/// matched case-insensitively and culture-invariantly against the normalised message.
/// </summary>
public sealed record SafetyRule(
    string Id,
    SafetyRuleKind Kind,
    string Description,
    IReadOnlyList<string> Patterns,
    IReadOnlyList<string> ReferenceIds,
    SourceLocation Location);

/// <summary>A topic the bot declines (knowledge/safety/refusals.yaml), answered with a fixed text.</summary>
public sealed record RefusalTopic(
    string Id,
    string Description,
    IReadOnlyList<string> Patterns,
    string TextKey,
    SourceLocation Location);

/// <summary>One sentence of a cleaned source page (knowledge/sources/*.cleaned.*).</summary>
public sealed record SourceSentence(string Id, string Text, SourceLocation Location);

/// <summary>Everything loaded from knowledge/, immutable once built.</summary>
public sealed record KnowledgeBase(
    IReadOnlyList<Fact> Facts,
    IReadOnlyDictionary<string, Reference> References,
    IReadOnlyList<SynonymGroup> Synonyms,
    IReadOnlyList<SafetyRule> SafetyRules,
    IReadOnlyList<RefusalTopic> Refusals,
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, SourceSentence> SourceSentences);

/// <summary>Keys of the fixed texts in knowledge/safety/texts.yaml.</summary>
public static class TextKeys
{
    public const string Welcome = "welcome";
    public const string Disclaimer = "disclaimer";
    public const string Emergency = "emergency";
    public const string Crisis = "crisis";
    public const string OutOfScope = "out_of_scope";
    public const string CannotDiagnose = "cannot_diagnose";
    public const string NoDosing = "no_dosing";
    public const string NoBuying = "no_buying";
    public const string NoStopping = "no_stopping";
    public const string OutsideRole = "outside_role";
    public const string Fallback = "fallback";
    public const string AdviceNeurologist = "advice_neurologist";
    public const string AdviceNeurosurgeon = "advice_neurosurgeon";
    public const string Help = "help";
    public const string About = "about";
    public const string Thanks = "thanks";
    public const string Goodbye = "goodbye";
    public const string Greeting = "greeting";
}
