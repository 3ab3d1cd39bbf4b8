using System.Numerics.Tensors;
using Bot.Answers.Semantic;
using Bot.Knowledge.Model;

namespace Bot.Answers.Retrieval;

/// <summary>One fact's semantic closeness to a message: the best cosine over its question phrasings and claims.</summary>
/// <param name="FactId">The fact.</param>
/// <param name="Similarity">Cosine similarity, -1 to 1 (claims count at <see cref="SemanticIndex.ClaimWeight"/>).</param>
public readonly record struct SemanticHit(string FactId, double Similarity);

/// <summary>
/// The semantic side of retrieval: every question phrasing and every claim of every fact, embedded once
/// when the engine is built (through <see cref="VectorCache"/>, so a restart with the same knowledge and
/// model reads the vectors from disk instead of running the model), kept as one contiguous matrix. A
/// message's embedding (the turn's one vector, shared with the safety triage) is compared with all of
/// them by dot products (the vectors are unit length). Immutable and thread-safe.
/// </summary>
public sealed class SemanticIndex
{
    /// <summary>A claim is evidence, not a question: its similarity counts at this share of a phrasing's.</summary>
    public const double ClaimWeight = 0.9;

    private readonly float[] _matrix;
    private readonly int[] _owner;
    private readonly float[] _weight;
    private readonly string[] _factIds;
    private readonly int _dimensions;

    private SemanticIndex(float[] matrix, int[] owner, float[] weight, string[] factIds, int dimensions)
    {
        _matrix = matrix;
        _owner = owner;
        _weight = weight;
        _factIds = factIds;
        _dimensions = dimensions;
    }

    /// <summary>Texts embedded (phrasings plus claims).</summary>
    public int Count => _owner.Length;

    /// <summary>Length of the vectors.</summary>
    public int Dimensions => _dimensions;

    /// <summary>Embeds (or reads from the cache folder) the phrasings and claims of <paramref name="knowledge"/>.</summary>
    /// <param name="knowledge">The facts.</param>
    /// <param name="encoder">The semantic layer's encoder.</param>
    /// <param name="cacheDirectory">Folder for the vector file (<see cref="SemanticOptions.CacheDirectory"/>); null: the temporary folder.</param>
    public static SemanticIndex Build(KnowledgeBase knowledge, ITextEncoder encoder, string? cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(encoder);
        var texts = new List<string>();
        var owner = new List<int>();
        var weight = new List<float>();
        var ids = new string[knowledge.Facts.Count];
        for (var f = 0; f < knowledge.Facts.Count; f++)
        {
            var fact = knowledge.Facts[f];
            ids[f] = fact.Id;
            foreach (var q in fact.Questions)
            {
                texts.Add(q);
                owner.Add(f);
                weight.Add(1f);
            }

            foreach (var c in fact.Claims)
            {
                texts.Add(c.Text);
                owner.Add(f);
                weight.Add((float)ClaimWeight);
            }
        }

        var vectors = VectorCache.GetOrCompute(encoder, texts, cacheDirectory, "retrieval");
        var d = encoder.Dimensions;
        var matrix = new float[vectors.Count * d];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].AsSpan().CopyTo(matrix.AsSpan(i * d, d));
        }

        return new SemanticIndex(matrix, owner.ToArray(), weight.ToArray(), ids, d);
    }

    /// <summary>Every fact with its best similarity to <paramref name="embedding"/>, best first (ties in knowledge order), at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<SemanticHit> Search(ReadOnlySpan<float> embedding, int limit = int.MaxValue)
    {
        if (embedding.Length != _dimensions)
        {
            throw new ArgumentException($"The embedding has {embedding.Length} values; the index holds vectors of {_dimensions}.", nameof(embedding));
        }

        var best = new double[_factIds.Length];
        Array.Fill(best, double.NegativeInfinity);
        for (var i = 0; i < _owner.Length; i++)
        {
            var s = TensorPrimitives.Dot(embedding, _matrix.AsSpan(i * _dimensions, _dimensions)) * _weight[i];
            if (s > best[_owner[i]])
            {
                best[_owner[i]] = s;
            }
        }

        var order = Enumerable.Range(0, best.Length).Where(i => !double.IsNegativeInfinity(best[i]))
            .OrderByDescending(i => best[i]).ThenBy(i => i).Take(Math.Max(0, limit));
        return order.Select(i => new SemanticHit(_factIds[i], best[i])).ToArray();
    }
}
