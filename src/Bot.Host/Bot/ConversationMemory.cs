using System.Collections.Concurrent;

namespace Bot.Host.Bot;

/// <summary>
/// A bounded, thread-safe set/map that forgets its oldest entries first. Used for per-conversation
/// facts the stateless engine cannot know; losing an entry must always be safe.
/// </summary>
internal sealed class BoundedMemory<TValue>(int capacity)
{
    private readonly ConcurrentDictionary<string, TValue> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public bool TryGet(string key, out TValue value) => _items.TryGetValue(key, out value!);

    public bool TryAdd(string key, TValue value)
    {
        if (!_items.TryAdd(key, value))
        {
            return false;
        }

        _order.Enqueue(key);
        while (_items.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _items.TryRemove(oldest, out _);
        }

        return true;
    }

    public void Remove(string key) => _items.TryRemove(key, out _);
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
public sealed class ConversationMemory
{
    public const int ConversationCapacity = 50_000;
    public const int AnswerCapacity = 20_000;

    private readonly BoundedMemory<bool> _answered = new(ConversationCapacity);
    private readonly BoundedMemory<SentAnswer> _sent = new(AnswerCapacity);

    /// <summary>True when this conversation has had no answer yet (as far as this instance remembers).</summary>
    public bool IsFirstAnswer(string channelId, string conversationId) => !_answered.TryGet(Key(channelId, conversationId), out _);

    public void MarkAnswered(string channelId, string conversationId) => _answered.TryAdd(Key(channelId, conversationId), true);

    /// <summary>Forgets a conversation (endOfConversation), so a new one with the same id starts afresh.</summary>
    public void Forget(string channelId, string conversationId) => _answered.Remove(Key(channelId, conversationId));

    public void RememberAnswer(string channelId, string conversationId, string messageId, SentAnswer answer) =>
        _sent.TryAdd(Key(channelId, conversationId) + "|" + messageId, answer);

    public SentAnswer? FindAnswer(string channelId, string conversationId, string? messageId) =>
        messageId is not null && _sent.TryGet(Key(channelId, conversationId) + "|" + messageId, out var answer) ? answer : null;

    private static string Key(string channelId, string conversationId) => channelId + "|" + conversationId;
}
