using System.Text.Json.Nodes;

namespace Bot.DirectLine.State;

/// <summary>A conversation as the store knows it at the moment it was read.</summary>
/// <param name="Id">The conversation id (128 random bits, URL-safe).</param>
/// <param name="UserId">The user the conversation was reserved for.</param>
/// <param name="UserName">The user's display name, if the client gave one.</param>
/// <param name="Started">True once <c>POST /conversations</c> started it (a generated token only reserves it).</param>
/// <param name="LastSequence">The sequence number of its newest activity (the watermark a client would get).</param>
public sealed record DirectLineConversationInfo(string Id, string UserId, string? UserName, bool Started, long LastSequence);

/// <summary>A token the store issued: its value and when it expires.</summary>
public sealed record DirectLineTokenGrant(string Value, DateTimeOffset ExpiresAt);

/// <summary>The outcome of checking a conversation token: why it is refused, or the conversation and the token's expiry.</summary>
public sealed record DirectLineTokenResult(TokenCheck Check, DirectLineConversationInfo? Conversation, DateTimeOffset ExpiresAt)
{
    public static readonly DirectLineTokenResult Missing = new(TokenCheck.Missing, null, default);
    public static readonly DirectLineTokenResult Invalid = new(TokenCheck.Invalid, null, default);
    public static readonly DirectLineTokenResult WrongConversation = new(TokenCheck.WrongConversation, null, default);
}

/// <summary>The activities after a watermark and the watermark to send back.</summary>
public sealed record DirectLineActivityPage(IReadOnlyList<StoredActivity> Activities, long Watermark)
{
    public static readonly DirectLineActivityPage Empty = new([], 0);
}

/// <summary>
/// Where the self-hosted Direct Line keeps its state: conversations, tokens, each conversation's bounded history
/// with its watermarks, the open streams and the wake-ups streams wait for. In this process's memory by default
/// (<see cref="MemoryDirectLineStore"/>); in Redis when <c>ConnectionStrings:Redis</c> is set
/// (<see cref="Redis.RedisDirectLineStore"/>), so several instances behind a load balancer share every conversation:
/// a token from one instance works on another, and a stream on one wakes for a reply written by another.
/// Every bound of <see cref="DirectLineOptions"/> is enforced by the store.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>Reserves a new conversation for <paramref name="userId"/> on behalf of the client at <paramref name="address"/>; null with the reason when a quota is full.</summary>
    Task<(DirectLineConversationInfo? Conversation, CreateRefusal Refusal)> ReserveAsync(string userId, string? userName, string? address, CancellationToken cancellationToken);

    /// <summary>Issues a conversation token (the oldest beyond <see cref="DirectLineOptions.MaxTokensPerConversation"/> stop working).</summary>
    Task<DirectLineTokenGrant> IssueTokenAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Issues the single-use token of a <c>streamUrl</c>, valid for <see cref="DirectLineOptions.StreamUrlLifetime"/>.</summary>
    Task<DirectLineTokenGrant> IssueStreamTokenAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Checks a conversation token (never a stream token), optionally for one conversation id; a valid one marks the conversation used.</summary>
    Task<DirectLineTokenResult> CheckTokenAsync(string? token, string? conversationId, CancellationToken cancellationToken);

    /// <summary>Consumes a stream token: valid once, for its conversation, before it expires. Null when refused.</summary>
    Task<DirectLineConversationInfo?> RedeemStreamTokenAsync(string? token, string conversationId, CancellationToken cancellationToken);

    /// <summary>Marks the conversation started; false if it already was or does not exist.</summary>
    Task<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>The conversation, or null when it does not exist or expired.</summary>
    Task<DirectLineConversationInfo?> FindAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Marks the conversation used now (its idle timer restarts).</summary>
    Task TouchAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends one activity to a started conversation: the store gives it the next sequence number and its id
    /// (set on <paramref name="activity"/>), keeps it within the history's bounds and wakes every stream of the
    /// conversation, on any instance. Null when the conversation does not exist, expired or was never started.
    /// </summary>
    Task<StoredActivity?> AppendAsync(string conversationId, JsonObject activity, bool streamOnly, CancellationToken cancellationToken);

    /// <summary>The activities after <paramref name="watermark"/> (typing only when <paramref name="includeStreamOnly"/>), and the watermark to send back.</summary>
    Task<DirectLineActivityPage> SinceAsync(string conversationId, long watermark, bool includeStreamOnly, CancellationToken cancellationToken);

    /// <summary>Completes with true when an activity after <paramref name="watermark"/> exists (at once if one does), false when the conversation ended.</summary>
    Task<bool> WaitForActivityAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken);

    /// <summary>Counts an open stream for as long as the lease is held; null when the conversation already has <see cref="DirectLineOptions.MaxStreamsPerConversation"/>.</summary>
    Task<IAsyncDisposable?> TryOpenStreamAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>How many conversations are open (reserved or started, not expired).</summary>
    Task<long> CountOpenAsync(CancellationToken cancellationToken);

    /// <summary>Forgets idle conversations and expired tokens the store does not expire by itself; returns how many conversations went.</summary>
    Task<int> RemoveExpiredAsync(CancellationToken cancellationToken);
}
