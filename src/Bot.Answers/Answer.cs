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
public sealed record Question(string Text, bool IsFirstInConversation = false);

/// <summary>Turns a person's message into an answer. Thread-safe; one instance serves every turn.</summary>
public interface IAnswerEngine
{
    Answer Answer(Question question);
}
