using Bot.Answers.Semantic;
using Bot.Answers.Text;

namespace Bot.Answers;

/// <summary>
/// What the engine knows about one message, computed once per turn and handed to every step (safety
/// triage, retrieval): the normalised text, its language, and its sentence embedding — encoded at most
/// once, on first use, and only when a semantic encoder is configured. Not shared between turns.
/// </summary>
public sealed class TurnAnalysis
{
    private readonly ITextEncoder? _encoder;
    private float[]? _embedding;

    public TurnAnalysis(NormalizedMessage message, string language, ITextEncoder? encoder)
    {
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Language = language ?? throw new ArgumentNullException(nameof(language));
        _encoder = encoder;
    }

    public NormalizedMessage Message { get; }

    /// <summary>The message's language (ISO 639-1, <c>en</c> when unsure; <c>und</c> for an unknown script).</summary>
    public string Language { get; }

    /// <summary>True when an encoder is configured (the semantic layer is on).</summary>
    public bool HasEncoder => _encoder is not null;

    /// <summary>The embedding of <see cref="NormalizedMessage.Text"/> (what retrieval reads), or null without an encoder.</summary>
    public float[]? Embedding => _encoder is null ? null : _embedding ??= _encoder.Encode(Message.Text);

    /// <summary>Encodes other texts of this turn (e.g. the windows of a long message) with the same encoder.</summary>
    internal IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts) =>
        _encoder is null ? [] : _encoder.EncodeBatch(texts);
}
