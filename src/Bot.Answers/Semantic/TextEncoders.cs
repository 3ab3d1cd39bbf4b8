using System.Collections.Concurrent;

namespace Bot.Answers.Semantic;

/// <summary>
/// Builds the encoder the options ask for: none when the semantic layer is off. The model is loaded once
/// per process for each (token limit, threads, arena) setting and shared by every engine (it is immutable and
/// thread-safe; loading costs ~100 MB and a few hundred milliseconds), so a host rebuilt in tests, or a
/// command that builds two engines, does not load it twice. Shared models live as long as the process.
/// </summary>
public static class TextEncoders
{
    private static readonly ConcurrentDictionary<(int MaxTokens, int Threads, bool Arena), Lazy<MiniLmEncoder>> Models = new();

    /// <summary>The shared MiniLM model behind a cache of recent texts, or null when <see cref="SemanticOptions.Enabled"/> is false.</summary>
    public static ITextEncoder? Create(SemanticOptions options) => Create(options, forTriage: false);

    /// <summary>
    /// The shared model when retrieval (<see cref="SemanticOptions.Enabled"/>) or triage's example bank
    /// (<paramref name="forTriage"/>, <c>Answers:Triage:UseExampleBank</c>) needs it; one encoder serves both,
    /// and the message is encoded once per turn (<see cref="TurnAnalysis"/>).
    /// </summary>
    public static ITextEncoder? Create(SemanticOptions options, bool forTriage)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!options.Enabled && !forTriage)
        {
            return null;
        }

        var model = Models.GetOrAdd((options.MaxTokens, options.IntraOpThreads, options.MemoryArena), key => new Lazy<MiniLmEncoder>(
            () => Warm(MiniLmEncoder.Load(new SemanticOptions { MaxTokens = key.MaxTokens, IntraOpThreads = key.Threads, MemoryArena = key.Arena })))).Value;
        return options.CacheCapacity > 0 ? new CachingTextEncoder(model, options.CacheCapacity) : model;
    }

    /// <summary>
    /// Runs the model once on a short and a long input before it serves: ONNX Runtime prepares its kernels
    /// and buffers on the first runs, which would otherwise fall on a person's first turn (several
    /// seconds on a busy machine, past the turn deadline). The host reports ready only after this.
    /// </summary>
    private static MiniLmEncoder Warm(MiniLmEncoder model)
    {
        model.Encode("warm up");
        model.EncodeBatch(["warm up the model with a longer sentence, as people write when they are worried about their face", "twitch"]);
        return model;
    }
}
