using System.Collections.Concurrent;
using System.Collections.Frozen;
using Bot.Answers.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Bot.Answers.Index;

/// <summary>
/// The spelling step over the index's own words (the <see cref="KnowledgeAnalyzer.WordsField"/> terms:
/// every word of the facts and of the synonym groups), with Lucene's fuzzy term enumeration (Levenshtein
/// automata, adjacent swaps counted as one edit). A word is left alone when it is known, when its stem is a
/// stem of the index, or when it is not a plain Latin word; otherwise words of 4-8 letters may be one edit
/// away, longer words two, and the first letter must agree (people rarely mistype it, and it keeps
/// unrelated words from being "corrected"). The closest word wins, then the one in more facts, then the
/// alphabetically first. Thread-safe; remembers a bounded number of lookups.
/// </summary>
public sealed class IndexSpeller : ISpeller
{
    public const int MinLength = 4;
    private const int MemoLimit = 20_000;
    private readonly Terms? _words;
    private readonly FrozenSet<string> _vocabulary;
    private readonly FrozenSet<string> _stems;
    private readonly ConcurrentDictionary<string, string?> _memo = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static EnglishStemmer? t_stemmer;

    public IndexSpeller(IndexReader reader, IEnumerable<string> stemFields)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(stemFields);
        _words = MultiFields.GetTerms(reader, KnowledgeAnalyzer.WordsField);
        _vocabulary = AllTerms(reader, KnowledgeAnalyzer.WordsField).ToFrozenSet(StringComparer.Ordinal);
        _stems = stemFields.SelectMany(f => AllTerms(reader, f)).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the word is one of the index's words as written.</summary>
    public bool IsKnown(string word) => _vocabulary.Contains(word);

    public string? Correct(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < MinLength || !IsLatinWord(word) || _vocabulary.Contains(word))
        {
            return null;
        }

        if (_memo.TryGetValue(word, out var cached))
        {
            return cached;
        }

        var stemmer = t_stemmer ??= new EnglishStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        var result = _stems.Contains(stemmer.Current) ? null : Lookup(word);
        if (_memo.Count < MemoLimit)
        {
            _memo.TryAdd(word, result);
        }

        return result;
    }

    private string? Lookup(string word)
    {
        if (_words is null)
        {
            return null;
        }

        var maxEdits = word.Length < 9 ? 1 : 2;
        var candidates = new FuzzyTermsEnum(_words, new Lucene.Net.Util.AttributeSource(), new Term(KnowledgeAnalyzer.WordsField, word), maxEdits, 1, true);
        var boost = candidates.Attributes.AddAttribute<IBoostAttribute>();
        string? best = null;
        var bestBoost = float.MinValue;
        var bestFrequency = -1;
        while (candidates.MoveNext())
        {
            var candidate = candidates.Term.Utf8ToString();
            var frequency = candidates.DocFreq;
            if (boost.Boost > bestBoost || (boost.Boost == bestBoost && (frequency > bestFrequency ||
                    (frequency == bestFrequency && string.CompareOrdinal(candidate, best) < 0))))
            {
                best = candidate;
                bestBoost = boost.Boost;
                bestFrequency = frequency;
            }
        }

        return best;
    }

    private static IEnumerable<string> AllTerms(IndexReader reader, string field)
    {
        var terms = MultiFields.GetTerms(reader, field);
        if (terms is null)
        {
            yield break;
        }

        var e = terms.GetEnumerator();
        while (e.MoveNext())
        {
            yield return e.Term.Utf8ToString();
        }
    }

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
}
