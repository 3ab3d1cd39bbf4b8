using System.Text;
using Bot.Answers.Semantic;
using Bot.Answers.Text;

namespace Bot.Answers.Safety;

/// <summary>A situation the semantic layer recognised, with the similarity of its nearest bank example.</summary>
public sealed record SemanticHit(Situation Situation, double Similarity, string NearestExample);

/// <summary>
/// The paraphrase layer of triage: the labelled example bank (knowledge/safety/examples) embedded once at
/// start-up (vectors cached on disk by model id and bank hash), and each message window compared with
/// it by k-nearest neighbours. A window names a situation when its neighbours' summed similarity for that
/// situation leads the "none" examples by <see cref="TriageOptions.Margin"/> and the nearest example of
/// the situation is at least <see cref="TriageOptions.MinSimilarity"/> similar. A long message is read in
/// windows of whole sentences, so a situation at its end is not diluted by the rest. Thread-safe.
/// </summary>
public sealed class SemanticTriage
{
    private readonly ITextEncoder _encoder;
    private readonly TriageOptions _options;
    private readonly float[][] _vectors;
    private readonly int[] _labels;
    private readonly string[] _texts;
    private readonly string[] _languages;
    private readonly Situation?[] _labelSituations;
    private readonly int _noneLabel;

    public SemanticTriage(ITextEncoder encoder, SafetyKnowledge safety, TriageOptions options)
        : this(encoder, safety, options, new LanguageDetector(safety?.Languages ?? throw new ArgumentNullException(nameof(safety))))
    {
    }

    /// <summary>The bank with each example's language detected by <paramref name="languages"/>: a message is compared only
    /// with examples in its own language (the model is English; across languages its similarities mean little).</summary>
    public SemanticTriage(ITextEncoder encoder, SafetyKnowledge safety, TriageOptions options, LanguageDetector languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        _encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        ArgumentNullException.ThrowIfNull(safety);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        var labelNames = safety.Situations.Select(s => s.Id).Append(SituationIds.None).ToArray();
        _labelSituations = labelNames.Select(n => safety.ById.GetValueOrDefault(n)).ToArray();
        _noneLabel = labelNames.Length - 1;
        var index = labelNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        _labels = safety.Examples.Select(e => index[e.Label]).ToArray();
        _texts = safety.Examples.Select(e => TextNormalizer.Normalize(e.Text, TextNormalizer.HardLimit).Full).ToArray();
        _languages = _texts.Select((t, i) => VotingLanguage(languages.Detect(t, safety.Examples[i].Text))).ToArray();
        _vectors = LoadOrEncode(encoder, _texts, options.CacheDirectory);
    }

    /// <summary>Examples in the bank.</summary>
    public int BankSize => _vectors.Length;

    /// <summary>The bank's vectors (unit length), for the calibration.</summary>
    internal IReadOnlyList<float[]> Vectors => _vectors;

    /// <summary>The label index of each bank example (<see cref="LabelSituations"/>).</summary>
    internal IReadOnlyList<int> Labels => _labels;

    /// <summary>The situation of each label index; the last label is "none" (null).</summary>
    internal IReadOnlyList<Situation?> LabelSituations => _labelSituations;

    internal int NoneLabel => _noneLabel;

    internal TriageOptions Options => _options;

    /// <summary>The bank's texts (normalised), in the order of <see cref="Vectors"/>.</summary>
    internal IReadOnlyList<string> Examples => _texts;

    internal ITextEncoder Encoder => _encoder;

    /// <summary>The language each bank example votes in.</summary>
    internal IReadOnlyList<string> ExampleLanguages => _languages;

    /// <summary>The language a message is compared in: its own, English when unsure or in an unknown script.</summary>
    internal static string VotingLanguage(string detected) => detected is "und" ? "en" : detected;

    /// <summary>The situation id of a label index, or "none".</summary>
    internal string LabelName(int label) => _labelSituations[label]?.Id ?? SituationIds.None;

    /// <summary>The most urgent situation any window of the message names, or null.</summary>
    /// <param name="turn">The turn (its embedding is reused when the message is one window).</param>
    /// <param name="allowed">Whether a situation may be named for this message (its context is present).</param>
    public SemanticHit? Classify(TurnAnalysis turn, Func<Situation, bool> allowed)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(allowed);
        var full = turn.Message.Full;
        if (full.Length == 0)
        {
            return null;
        }

        IReadOnlyList<float[]> vectors;
        if (full.Length <= _options.WindowChars && string.Equals(full, turn.Message.Text, StringComparison.Ordinal) && turn.Embedding is { } once)
        {
            vectors = [once];
        }
        else
        {
            vectors = _encoder.EncodeBatch(Windows(full, _options.WindowChars));
        }

        SemanticHit? best = null;
        foreach (var v in vectors)
        {
            var hit = ClassifyOne(v, VotingLanguage(turn.Language), allowed);
            if (hit is not null && (best is null || hit.Situation.TierRank < best.Situation.TierRank
                || (hit.Situation.TierRank == best.Situation.TierRank && hit.Similarity > best.Similarity)))
            {
                best = hit;
            }
        }

        return best;
    }

    private SemanticHit? ClassifyOne(float[] query, string language, Func<Situation, bool> allowed)
    {
        var k = Math.Min(_options.Neighbours, _vectors.Length);
        var topSim = new double[k];
        var topIdx = new int[k];
        Array.Fill(topSim, double.NegativeInfinity);
        var found = 0;
        for (var i = 0; i < _vectors.Length; i++)
        {
            if (!string.Equals(_languages[i], language, StringComparison.Ordinal))
            {
                continue;
            }

            found++;
            var sim = Dot(query, _vectors[i]);
            if (sim <= topSim[k - 1])
            {
                continue;
            }

            var j = k - 1;
            while (j > 0 && topSim[j - 1] < sim)
            {
                topSim[j] = topSim[j - 1];
                topIdx[j] = topIdx[j - 1];
                j--;
            }

            topSim[j] = sim;
            topIdx[j] = i;
        }

        k = Math.Min(k, found);
        if (k == 0)
        {
            return null;
        }

        var labels = new int[k];
        for (var j = 0; j < k; j++)
        {
            labels[j] = _labels[topIdx[j]];
        }

        var label = KnnVote.Decide(labels, topSim.AsSpan(0, k), _labelSituations, _noneLabel, _options, allowed, language, out var similarity, out var nearest);
        return label < 0 ? null : new SemanticHit(_labelSituations[label]!, similarity, _texts[topIdx[nearest]]);
    }

    /// <summary>Whole sentences grouped into windows of at most <paramref name="size"/> characters (a longer sentence is cut at spaces).</summary>
    public static IReadOnlyList<string> Windows(string text, int size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var windows = new List<string>();
        var current = new StringBuilder();
        foreach (var sentence in Sentences(text))
        {
            foreach (var piece in Pieces(sentence, size))
            {
                if (current.Length > 0 && current.Length + 1 + piece.Length > size)
                {
                    windows.Add(current.ToString());
                    current.Clear();
                }

                if (current.Length > 0)
                {
                    current.Append(' ');
                }

                current.Append(piece);
            }
        }

        if (current.Length > 0)
        {
            windows.Add(current.ToString());
        }

        return windows;
    }

    private static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' or ';' && (i + 1 == text.Length || text[i + 1] == ' '))
            {
                var s = text[start..(i + 1)].Trim();
                if (s.Length > 0)
                {
                    yield return s;
                }

                start = i + 1;
            }
        }

        var rest = text[start..].Trim();
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    private static IEnumerable<string> Pieces(string sentence, int size)
    {
        var s = sentence;
        while (s.Length > size)
        {
            var cut = s.LastIndexOf(' ', size);
            cut = cut <= size / 2 ? size : cut;
            yield return s[..cut].Trim();
            s = s[cut..].Trim();
        }

        if (s.Length > 0)
        {
            yield return s;
        }
    }

    internal static double Dot(float[] a, float[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        var sum = 0f;
        for (var i = 0; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>The bank vectors from the shared on-disk cache (<see cref="VectorCache"/>, keyed by model id and the
    /// bank's texts), or encoded now; "-" as the folder turns the cache off.</summary>
    private static float[][] LoadOrEncode(ITextEncoder encoder, string[] texts, string? cacheDirectory) =>
        (cacheDirectory == "-" ? encoder.EncodeBatch(texts) : VectorCache.GetOrCompute(encoder, texts, cacheDirectory, "safety-bank")).ToArray();
}
