namespace Bot.Answers.Semantic;

/// <summary>
/// Remembers the vectors of recent texts (bounded, least recently used dropped first), so a message that
/// is asked again, or screened and then retrieved in the same turn, is encoded once. Thread-safe. It does
/// not own the encoder it wraps (models are shared, see <see cref="TextEncoders"/>).
/// </summary>
public sealed class CachingTextEncoder : ITextEncoder
{
    private readonly ITextEncoder _inner;
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<(string Text, float[] Vector)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, float[] Vector)> _order = new();
    private readonly Lock _lock = new();

    public CachingTextEncoder(ITextEncoder inner, int capacity)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    public int Dimensions => _inner.Dimensions;

    public string ModelId => _inner.ModelId;

    /// <summary>Texts currently remembered.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    public float[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_lock)
        {
            if (_map.TryGetValue(text, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return node.Value.Vector;
            }
        }

        var vector = _inner.Encode(text);
        lock (_lock)
        {
            if (!_map.ContainsKey(text))
            {
                _map[text] = _order.AddFirst((text, vector));
                if (_map.Count > _capacity)
                {
                    var last = _order.Last!;
                    _order.RemoveLast();
                    _map.Remove(last.Value.Text);
                }
            }
        }

        return vector;
    }

    /// <summary>Batches (index building) go straight to the model and are not remembered.</summary>
    public IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<string> texts) => _inner.EncodeBatch(texts);
}
