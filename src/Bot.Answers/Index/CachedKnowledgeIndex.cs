using System.Collections.Concurrent;
using System.Collections.ObjectModel;

namespace Bot.Answers.Index;

/// <summary>
/// Remembers the hits of recent searches. The index is read-only at run time, so the hits for the same
/// terms and limit never change: a repeated search (the same question asked again, a suggested follow-up
/// clicked, two phrasings that analyse to the same terms) costs a dictionary lookup instead of a Lucene
/// query, which scores every matching fact and is most of an answer's time. Bounded: when it holds
/// <c>capacity</c> entries it starts again empty. Thread-safe; the hits it returns are read-only.
/// It does not own the index it wraps.
/// </summary>
public sealed class CachedKnowledgeIndex : IKnowledgeIndex
{
    private readonly IKnowledgeIndex _inner;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, ReadOnlyCollection<SearchHit>> _hits = new(StringComparer.Ordinal);

    public CachedKnowledgeIndex(IKnowledgeIndex inner, int capacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _inner = inner;
        _capacity = capacity;
    }

    public int Count => _inner.Count;

    public Text.ISpeller Speller => _inner.Speller;

    /// <summary>Searches currently remembered.</summary>
    public int CachedSearches => _hits.Count;

    public IReadOnlyList<SearchHit> Search(IReadOnlyList<string> terms, int limit)
    {
        ArgumentNullException.ThrowIfNull(terms);
        // U+001F / U+001E cannot occur in analysed terms (control characters are normalised away).
        var key = string.Join('\u001f', terms) + "\u001e" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_hits.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var hits = new ReadOnlyCollection<SearchHit>(_inner.Search(terms, limit).ToArray());
        if (_hits.Count >= _capacity)
        {
            _hits.Clear();
        }

        _hits.TryAdd(key, hits);
        return hits;
    }

    /// <summary>Forgets the remembered hits; the wrapped index stays open (its owner disposes it).</summary>
    public void Dispose() => _hits.Clear();
}
