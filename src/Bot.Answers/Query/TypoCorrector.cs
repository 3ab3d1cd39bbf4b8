using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Bot.Answers.Query;

/// <summary>
/// Corrects a misspelt word to the nearest word of the index vocabulary (optimal string alignment
/// distance: insertions, deletions, substitutions, adjacent swaps). Words of 4-8 letters may be one edit
/// away, longer words two; the first letter must agree (people rarely mistype it, and it keeps
/// unrelated words from being "corrected"). Ties go to the word found in more facts, then to the
/// alphabetically first. Lookup uses precomputed deletions (symmetric delete), so it costs microseconds.
/// Immutable apart from a bounded, thread-safe memo.
/// </summary>
public sealed class TypoCorrector
{
    private const int MemoLimit = 20_000;
    private readonly FrozenDictionary<string, int> _vocabulary;
    private readonly FrozenDictionary<string, string[]> _deletes;
    private readonly ConcurrentDictionary<string, string?> _memo = new(StringComparer.Ordinal);

    /// <param name="vocabulary">Known words with a weight (e.g. the number of facts containing them).</param>
    public TypoCorrector(IReadOnlyDictionary<string, int> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary.ToFrozenDictionary(StringComparer.Ordinal);
        var deletes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var word in _vocabulary.Keys)
        {
            if (word.Length < MinLength || !IsLatinWord(word))
            {
                continue;
            }

            foreach (var d in Deletions(word, MaxDistance(word.Length)))
            {
                if (!deletes.TryGetValue(d, out var list))
                {
                    deletes[d] = list = [];
                }

                list.Add(word);
            }
        }

        _deletes = deletes.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    public const int MinLength = 4;

    public bool IsKnown(string word) => _vocabulary.ContainsKey(word);

    /// <summary>The weight the word was given (e.g. the number of facts containing it), 0 when unknown.</summary>
    public int Frequency(string word) => _vocabulary.GetValueOrDefault(word);

    /// <summary>The correction of <paramref name="word"/>, or null when it is known, too short, or nothing is close.</summary>
    public string? Correct(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < MinLength || _vocabulary.ContainsKey(word) || !IsLatinWord(word))
        {
            return null;
        }

        if (_memo.TryGetValue(word, out var cached))
        {
            return cached;
        }

        var result = Lookup(word);
        if (_memo.Count < MemoLimit)
        {
            _memo.TryAdd(word, result);
        }

        return result;
    }

    private string? Lookup(string word)
    {
        var max = MaxDistance(word.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestWeight = -1;
        foreach (var d in Deletions(word, max))
        {
            if (!_deletes.TryGetValue(d, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                if (candidate[0] != word[0] || Math.Abs(candidate.Length - word.Length) > max)
                {
                    continue;
                }

                var distance = Distance(word, candidate, Math.Min(max, MaxDistance(candidate.Length)));
                if (distance < 0)
                {
                    continue;
                }

                var weight = _vocabulary[candidate];
                if (distance < bestDistance || (distance == bestDistance && (weight > bestWeight ||
                        (weight == bestWeight && string.CompareOrdinal(candidate, best) < 0))))
                {
                    best = candidate;
                    bestDistance = distance;
                    bestWeight = weight;
                }
            }
        }

        return best;
    }

    private static int MaxDistance(int length) => length < 9 ? 1 : 2;

    private static bool IsLatinWord(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The word itself and every string made by deleting up to <paramref name="max"/> letters.</summary>
    internal static HashSet<string> Deletions(string word, int max)
    {
        var result = new HashSet<string>(StringComparer.Ordinal) { word };
        var frontier = new List<string> { word };
        for (var d = 0; d < max; d++)
        {
            var next = new List<string>();
            foreach (var w in frontier)
            {
                if (w.Length <= 1)
                {
                    continue;
                }

                for (var i = 0; i < w.Length; i++)
                {
                    var shorter = string.Concat(w.AsSpan(0, i), w.AsSpan(i + 1));
                    if (result.Add(shorter))
                    {
                        next.Add(shorter);
                    }
                }
            }

            frontier = next;
        }

        return result;
    }

    /// <summary>Optimal string alignment distance, or -1 when it exceeds <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return -1;
        }

        var rows = new int[3][];
        for (var r = 0; r < 3; r++)
        {
            rows[r] = new int[b.Length + 1];
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[0][j] = j;
        }

        int[] prev2 = rows[2], prev = rows[0], cur = rows[1];
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > max)
            {
                return -1;
            }

            (prev2, prev, cur) = (prev, cur, prev2);
        }

        var result = prev[b.Length];
        return result <= max ? result : -1;
    }
}
