using System.Collections.Concurrent;
using Bot.Host.State;

namespace Bot.Host.Bot;

/// <summary>
/// A bounded, thread-safe set/map that forgets its oldest entries first. Used for per-conversation
/// facts the stateless engine cannot know; losing an entry must always be safe. Bounded in entries and in
/// bytes: keys longer than <see cref="MaxKeyChars"/> (ids a client chose) are replaced by a fixed-size digest,
/// and the keys held never exceed <paramref name="maxKeyBytes"/>.
/// </summary>
internal sealed class BoundedMemory<TValue>(int capacity, long maxKeyBytes = long.MaxValue)
{
    /// <summary>Longer keys are kept as their SHA-256 digest (64 characters), so one entry costs at most a few hundred bytes.</summary>
    internal const int MaxKeyChars = 160;

    private readonly ConcurrentDictionary<string, TValue> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _keyBytes;

    /// <summary>Bytes of the keys held (UTF-16), the part of an entry a client controls.</summary>
    public long KeyBytes => Interlocked.Read(ref _keyBytes);

    public int Count => _items.Count;

    public bool TryGet(string key, out TValue value) => _items.TryGetValue(Bound(key), out value!);

    public bool TryAdd(string key, TValue value)
    {
        key = Bound(key);
        if (!_items.TryAdd(key, value))
        {
            return false;
        }

        _order.Enqueue(key);
        Interlocked.Add(ref _keyBytes, Cost(key));
        while ((_items.Count > capacity || KeyBytes > maxKeyBytes) && _order.TryDequeue(out var oldest))
        {
            // A key still queued may have been removed already; its bytes left then.
            if (_items.TryRemove(oldest, out _))
            {
                Interlocked.Add(ref _keyBytes, -Cost(oldest));
            }
        }

        return true;
    }

    public void Remove(string key)
    {
        key = Bound(key);
        if (_items.TryRemove(key, out _))
        {
            Interlocked.Add(ref _keyBytes, -Cost(key));
        }
    }

    /// <summary>The key itself, or for a long one its digest (the kept prefix stays readable in a debugger).</summary>
    internal static string Bound(string key) =>
        key.Length <= MaxKeyChars
            ? key
            : string.Concat(key.AsSpan(0, 32), "#", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))));

    private static long Cost(string key) => key.Length * sizeof(char);
}

/// <summary>What the bot remembers about the answers it sent, so feedback on a message can name its facts.</summary>
public sealed record SentAnswer(IReadOnlyList<string> FactIds, string Kind);

/// <summary>
/// The host's only conversation memory, in process and bounded:
/// <list type="bullet">
/// <item><b>First answer of a conversation</b>: the engine is stateless, so the host keeps the ids of the
/// most recent conversations (up to <see cref="ConversationCapacity"/>) that already got an answer. A
/// conversation not in the set, because it is new, was forgotten, or reached another instance, gets the
/// disclaimer again: failing safe means showing it once too often, never missing it.</item>
/// <item><b>Sent answers</b>: Teams' feedback loop and reactions name only the rated message id, so the fact
/// ids of the most recent answers (up to <see cref="AnswerCapacity"/>) are kept by message id. When one is
/// forgotten the feedback is still stored, without fact ids.</item>
/// </list>
/// </summary>
public sealed class ConversationMemory : IConversationState
{
    public const int ConversationCapacity = 50_000;
    public const int AnswerCapacity = 20_000;

    /// <summary>Bytes of keys each of the two stores may hold (ids are bounded per entry too, see <see cref="BoundedMemory{TValue}"/>).</summary>
    public const long KeyBytesCapacity = 16L * 1024 * 1024;

    private readonly BoundedMemory<bool> _answered = new(ConversationCapacity, KeyBytesCapacity);
    private readonly BoundedMemory<SentAnswer> _sent = new(AnswerCapacity, KeyBytesCapacity);
    private readonly BoundedMemory<string> _topics = new(ConversationCapacity, KeyBytesCapacity);

    /// <summary>Bytes of keys held by both stores together (for tests and diagnostics).</summary>
    internal long KeyBytes => _answered.KeyBytes + _sent.KeyBytes + _topics.KeyBytes;

    /// <summary>True when this conversation has had no answer yet (as far as this instance remembers).</summary>
    public bool IsFirstAnswer(string channelId, string conversationId) => !_answered.TryGet(Key(channelId, conversationId), out _);

    public void MarkAnswered(string channelId, string conversationId) => _answered.TryAdd(Key(channelId, conversationId), true);

    /// <summary>Forgets a conversation (endOfConversation), so a new one with the same id starts afresh.</summary>
    public void Forget(string channelId, string conversationId)
    {
        _answered.Remove(Key(channelId, conversationId));
        _topics.Remove(Key(channelId, conversationId));
    }

    /// <summary>The conversation's current topic (<c>Answer.Topic</c> of its last answer), for follow-ups; null when none or forgotten.</summary>
    public string? CurrentTopic(string channelId, string conversationId) => _topics.TryGet(Key(channelId, conversationId), out var topic) ? topic : null;

    /// <summary>Sets (or, with null, clears) the conversation's current topic.</summary>
    public void SetTopic(string channelId, string conversationId, string? topic)
    {
        var key = Key(channelId, conversationId);
        _topics.Remove(key);
        if (!string.IsNullOrEmpty(topic))
        {
            _topics.TryAdd(key, topic);
        }
    }

    public void RememberAnswer(string channelId, string conversationId, string messageId, SentAnswer answer) =>
        _sent.TryAdd(Key(channelId, conversationId) + "|" + messageId, answer);

    public SentAnswer? FindAnswer(string channelId, string conversationId, string? messageId) =>
        messageId is not null && _sent.TryGet(Key(channelId, conversationId) + "|" + messageId, out var answer) ? answer : null;

    public Task<ConversationSnapshot> ReadAsync(string channelId, string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(new ConversationSnapshot(IsFirstAnswer(channelId, conversationId), CurrentTopic(channelId, conversationId)));

    public Task RecordAnswerAsync(string channelId, string conversationId, bool answered, string? topic, string? messageId, SentAnswer answer, CancellationToken cancellationToken)
    {
        if (answered)
        {
            MarkAnswered(channelId, conversationId);
        }

        SetTopic(channelId, conversationId, topic);
        if (!string.IsNullOrEmpty(messageId))
        {
            RememberAnswer(channelId, conversationId, messageId, answer);
        }

        return Task.CompletedTask;
    }

    public Task<SentAnswer?> FindAnswerAsync(string channelId, string conversationId, string? messageId, CancellationToken cancellationToken) =>
        Task.FromResult(FindAnswer(channelId, conversationId, messageId));

    public Task ForgetAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        Forget(channelId, conversationId);
        return Task.CompletedTask;
    }

    private static string Key(string channelId, string conversationId) => channelId + "|" + conversationId;
}
