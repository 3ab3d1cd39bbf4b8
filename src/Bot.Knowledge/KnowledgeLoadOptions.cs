namespace Bot.Knowledge;

/// <summary>How <see cref="KnowledgeLoader"/> reads <c>knowledge/</c>.</summary>
public sealed record KnowledgeLoadOptions
{
    /// <summary>
    /// Everything: what serving needs plus the authoring checks (banned wording, cleaned sources up to date
    /// with their raw pages and metadata, provenance resolving to cleaned sentences, figures cited to few
    /// references). For <c>validate</c>,
    /// the tests and CI.
    /// </summary>
    public static KnowledgeLoadOptions Authoring { get; } = new();

    /// <summary>
    /// What a host needs at start-up: every file read and its structure, ids, claims, references and review
    /// metadata checked, but no authoring checks (the cleaning step is not re-run). Only for knowledge that
    /// <c>validate</c> has passed, as CI ensures for every commit.
    /// </summary>
    public static KnowledgeLoadOptions Serving { get; } = new() { AuthoringChecks = false };

    /// <summary>True to run the authoring checks as well (the default).</summary>
    public bool AuthoringChecks { get; init; } = true;

    /// <summary>The day reviews are judged overdue against; null: today (UTC).</summary>
    public DateOnly? Today { get; init; }
}
