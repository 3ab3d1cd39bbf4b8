namespace Bot.Answers;

// The answer object every channel renders. The host never re-parses text: it reads these fields.

public enum AnswerKind
{
    Fact,
    DidYouMean,
    Emergency,
    Refusal,
    SmallTalk,
    OutOfScope,
    Fallback,
}

/// <summary>
/// How urgently a safety-triage answer sends the person to care (design.md §5 step 2). Every answer whose
/// <see cref="Urgency"/> is not <see cref="None"/> has <see cref="AnswerKind.Emergency"/> as its kind;
/// channels style and announce the reply by this value, not by its text.
/// </summary>
public enum Urgency
{
    /// <summary>No safety situation: an ordinary answer.</summary>
    None,

    /// <summary>Call the local emergency number now.</summary>
    CallEmergencyNow,

    /// <summary>Get medical care today (same-day GP, urgent care, eye casualty).</summary>
    CareToday,

    /// <summary>Call the clinic that gave the treatment (expected, usually temporary effects).</summary>
    CallTreatingClinic,

    /// <summary>Crisis support (despair without a plan): a helpline and someone to talk to now.</summary>
    CrisisSupport,
}

/// <summary>One sentence of an answer and the citation numbers of its own references (the [n] markers after it).</summary>
public sealed record AnswerClaim(string Text, IReadOnlyList<int> CitationNumbers);

/// <summary>A numbered source. <see cref="Number"/> is the n of the [n] markers in the answer text.</summary>
public sealed record Citation(int Number, string ReferenceId, string Title, string Publisher, int Year, Uri Url);

/// <summary>A question the user can ask next (a follow-up, or a "did you mean" choice).</summary>
public sealed record SuggestedQuestion(string Text, string? FactId);

public sealed record Answer
{
    public required AnswerKind Kind { get; init; }

    /// <summary>The body in plain language with [n] markers; markdown links allowed, no HTML.</summary>
    public required string Text { get; init; }

    public IReadOnlyList<Citation> Citations { get; init; } = [];

    /// <summary>The body as claims, in order, each with its own citation numbers (for citation entities); empty when the body cites nothing.</summary>
    public IReadOnlyList<AnswerClaim> Claims { get; init; } = [];

    /// <summary>The triage tier; <see cref="Urgency.None"/> for every answer that is not a safety reply.</summary>
    public Urgency Urgency { get; init; } = Urgency.None;

    /// <summary>The BCP-47 language of <see cref="Text"/> ("en" unless the reply is in the person's language).</summary>
    public string Locale { get; init; } = "en";

    /// <summary>The conversation's topic after this answer (for reading the next follow-up); null keeps none.</summary>
    public string? Topic { get; init; }

    /// <summary>Neurologist (and for surgery, neurosurgeon) advice; empty only for small talk.</summary>
    public string Advice { get; init; } = "";

    /// <summary>The one-line "general information, not a diagnosis" text, set on a conversation's first answer.</summary>
    public string? Disclaimer { get; init; }

    public IReadOnlyList<SuggestedQuestion> FollowUps { get; init; } = [];

    /// <summary>For <see cref="AnswerKind.DidYouMean"/>: up to three choices ("none of these" is the renderer's).</summary>
    public IReadOnlyList<SuggestedQuestion> Choices { get; init; } = [];

    public IReadOnlyList<string> FactIds { get; init; } = [];

    /// <summary>Retrieval confidence of the best fact (0 when no retrieval took place).</summary>
    public double Score { get; init; }

    /// <summary>Which rule decided a non-fact answer (safety rule id, refusal id, small-talk intent).</summary>
    public string? RuleId { get; init; }

    /// <summary>True when the message was longer than the cap and only its first part was answered.</summary>
    public bool Truncated { get; init; }
}

/// <summary>One incoming message, already stripped of channel details.</summary>
/// <param name="Text">The message as the person wrote it (the engine normalises it).</param>
/// <param name="IsFirstInConversation">True on a conversation's first answer (the disclaimer goes with it).</param>
/// <param name="Topic">The conversation's current topic (the <see cref="Answer.Topic"/> of the previous answer), for follow-ups.</param>
public sealed record Question(string Text, bool IsFirstInConversation = false, string? Topic = null);

/// <summary>Turns a person's message into an answer. Thread-safe; one instance serves every turn.</summary>
public interface IAnswerEngine
{
    Answer Answer(Question question);
}
