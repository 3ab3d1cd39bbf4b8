using Bot.Host.Bot;

namespace Bot.Host.State;

/// <summary>What the bot knows about a conversation at the start of a turn.</summary>
/// <param name="FirstAnswer">True when the conversation has had no answer with the disclaimer yet.</param>
/// <param name="Topic">The topic of its last answer (for follow-ups), or null.</param>
public sealed record ConversationSnapshot(bool FirstAnswer, string? Topic);

/// <summary>
/// The bot's per-conversation state, the only state a turn needs besides the read-only knowledge: whether the
/// disclaimer was shown, the current topic, and the facts of recent answers (so feedback on a message can name
/// them). In this process by default (<see cref="ConversationMemory"/>, bounded); in Redis when
/// <c>ConnectionStrings:Redis</c> is set (<see cref="RedisConversationState"/>), so any instance can serve any
/// turn. A turn costs one read and one write. Losing state is always safe: the disclaimer shows again.
/// </summary>
public interface IConversationState
{
    /// <summary>Reads the conversation's state (one round trip).</summary>
    Task<ConversationSnapshot> ReadAsync(string channelId, string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Records an answer sent (one round trip): marks the conversation answered when <paramref name="answered"/>,
    /// sets (or with null clears) its topic, and keeps the answer's facts by <paramref name="messageId"/> when given.
    /// </summary>
    Task RecordAnswerAsync(string channelId, string conversationId, bool answered, string? topic, string? messageId, SentAnswer answer, CancellationToken cancellationToken);

    /// <summary>The facts of the answer sent as <paramref name="messageId"/>, or null when unknown or forgotten.</summary>
    Task<SentAnswer?> FindAnswerAsync(string channelId, string conversationId, string? messageId, CancellationToken cancellationToken);

    /// <summary>Forgets a conversation (endOfConversation), so a new one with the same id starts afresh.</summary>
    Task ForgetAsync(string channelId, string conversationId, CancellationToken cancellationToken);
}
