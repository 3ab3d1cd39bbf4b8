using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>What a bearer token grants: one conversation, until it expires.</summary>
internal sealed record DirectLineToken(string Value, string ConversationId, DateTimeOffset ExpiresAt, bool IsStreamToken);

/// <summary>Why no conversation could be reserved.</summary>
public enum CreateRefusal
{
    None,
    TooManyConversations,
    TooManyForAddress,
}

/// <summary>Why a token was not accepted.</summary>
public enum TokenCheck
{
    Valid,
    Missing,
    Invalid,
    WrongConversation,
}

/// <summary>
/// The channel's memory: conversations and their tokens, in this process only (single instance; the
/// README says so). Every bound of <see cref="DirectLineOptions"/> is enforced here.
/// </summary>
internal sealed class DirectLineStore
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DirectLineToken> _tokens = new(StringComparer.Ordinal);
    private readonly object _createGate = new();
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;

    private readonly HistoryBudget _budget;

    public DirectLineStore(IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _budget = new HistoryBudget(_options.MaxTotalHistoryBytes, ReclaimHistory);
    }

    private readonly object _reclaimGate = new();

    /// <summary>
    /// Over <see cref="DirectLineOptions.MaxTotalHistoryBytes"/>: drops the oldest activities of the least recently
    /// used conversations first, until the total is within the budget. One reclaim runs at a time.
    /// </summary>
    private void ReclaimHistory()
    {
        if (!Monitor.TryEnter(_reclaimGate))
        {
            return;
        }

        try
        {
            foreach (var conversation in _conversations.Values.OrderBy(c => c.LastUsed))
            {
                if (!_budget.Over)
                {
                    break;
                }

                conversation.TrimWhileOverBudget();
            }
        }
        finally
        {
            Monitor.Exit(_reclaimGate);
        }
    }

    public int ConversationCount => _conversations.Count;

    public int TokenCount => _tokens.Count;

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// Reserves a new conversation for <paramref name="userId"/>; null when <see cref="DirectLineOptions.MaxConversations"/>
    /// are in use even after expired ones were removed.
    /// </summary>
    public DirectLineConversation? TryCreateConversation(string userId, string? userName) =>
        TryCreateConversation(userId, userName, null, out _);

    /// <summary>
    /// Reserves a new conversation for <paramref name="userId"/> on behalf of the client at <paramref name="address"/>.
    /// Null, with the reason, when <see cref="DirectLineOptions.MaxConversations"/> are in use or the address
    /// already holds <see cref="DirectLineOptions.MaxConversationsPerAddress"/>, even after expired ones were removed.
    /// </summary>
    public DirectLineConversation? TryCreateConversation(string userId, string? userName, string? address, out CreateRefusal refusal)
    {
        lock (_createGate)
        {
            refusal = Refusal(address);
            if (refusal != CreateRefusal.None)
            {
                RemoveExpired();
                refusal = Refusal(address);
                if (refusal != CreateRefusal.None)
                {
                    return null;
                }
            }

            var conversation = new DirectLineConversation(NewId(), userId, userName, Now, _options.MaxActivitiesPerConversation, _options.MaxHistoryBytesPerConversation, _budget)
            {
                Address = address,
            };
            _conversations[conversation.Id] = conversation;
            return conversation;
        }
    }

    private CreateRefusal Refusal(string? address)
    {
        if (_conversations.Count >= _options.MaxConversations)
        {
            return CreateRefusal.TooManyConversations;
        }

        if (address is not null)
        {
            var held = 0;
            foreach (var conversation in _conversations.Values)
            {
                if (string.Equals(conversation.Address, address, StringComparison.Ordinal) && ++held >= _options.MaxConversationsPerAddress)
                {
                    return CreateRefusal.TooManyForAddress;
                }
            }
        }

        return CreateRefusal.None;
    }

    /// <summary>Bytes of history held by every conversation together (bounded by <see cref="DirectLineOptions.MaxTotalHistoryBytes"/>).</summary>
    public long TotalHistoryBytes => _budget.Used;

    public DirectLineConversation? FindConversation(string id)
    {
        if (!_conversations.TryGetValue(id, out var conversation))
        {
            return null;
        }

        if (IsIdle(conversation, Now))
        {
            Remove(conversation);
            return null;
        }

        return conversation;
    }

    /// <summary>Issues a conversation token; the oldest ones beyond <see cref="DirectLineOptions.MaxTokensPerConversation"/> are retired.</summary>
    public DirectLineToken IssueToken(DirectLineConversation conversation)
    {
        var token = new DirectLineToken(NewSecret(), conversation.Id, Now + _options.TokenLifetime, IsStreamToken: false);
        _tokens[token.Value] = token;
        RetireOldest(conversation.Id, isStreamToken: false, keep: _options.MaxTokensPerConversation);
        return token;
    }

    /// <summary>Keeps the <paramref name="keep"/> newest tokens of one kind for a conversation, so no client can pile them up.</summary>
    private void RetireOldest(string conversationId, bool isStreamToken, int keep)
    {
        var live = _tokens.Values
            .Where(t => t.IsStreamToken == isStreamToken && string.Equals(t.ConversationId, conversationId, StringComparison.Ordinal))
            .OrderByDescending(t => t.ExpiresAt)
            .ToList();
        foreach (var old in live.Skip(keep))
        {
            _tokens.TryRemove(old.Value, out _);
        }
    }

    /// <summary>Issues the single-use token of a <c>streamUrl</c>, valid for <see cref="DirectLineOptions.StreamUrlLifetime"/>.</summary>
    public DirectLineToken IssueStreamToken(DirectLineConversation conversation)
    {
        var token = new DirectLineToken(NewSecret(), conversation.Id, Now + _options.StreamUrlLifetime, IsStreamToken: true);
        _tokens[token.Value] = token;
        RetireOldest(conversation.Id, isStreamToken: true, keep: _options.MaxStreamsPerConversation);
        return token;
    }

    /// <summary>Checks a conversation token (not a stream token), optionally for one conversation id.</summary>
    public TokenCheck CheckToken(string? value, string? conversationId, out DirectLineConversation? conversation)
    {
        conversation = null;
        if (string.IsNullOrEmpty(value))
        {
            return TokenCheck.Missing;
        }

        if (!_tokens.TryGetValue(value, out var token) || token.IsStreamToken)
        {
            return TokenCheck.Invalid;
        }

        if (token.ExpiresAt <= Now)
        {
            _tokens.TryRemove(value, out _);
            return TokenCheck.Invalid;
        }

        if (conversationId is not null && !string.Equals(conversationId, token.ConversationId, StringComparison.Ordinal))
        {
            return TokenCheck.WrongConversation;
        }

        conversation = FindConversation(token.ConversationId);
        if (conversation is null)
        {
            _tokens.TryRemove(value, out _);
            return TokenCheck.Invalid;
        }

        conversation.Touch(Now);
        return TokenCheck.Valid;
    }

    /// <summary>Open WebSocket streams allowed per conversation.</summary>
    public int MaxStreamsPerConversation => _options.MaxStreamsPerConversation;

    /// <summary>When a token expires (now when unknown).</summary>
    public DateTimeOffset ExpiresAt(string value) =>
        _tokens.TryGetValue(value, out var token) ? token.ExpiresAt : Now;

    /// <summary>Whole seconds until a token expires (0 when unknown or expired).</summary>
    public int SecondsLeft(string? value) =>
        value is not null && _tokens.TryGetValue(value, out var token)
            ? Math.Max(0, (int)(token.ExpiresAt - Now).TotalSeconds)
            : 0;

    /// <summary>Consumes a stream token: valid once, for its conversation, before it expires.</summary>
    public DirectLineConversation? RedeemStreamToken(string? value, string conversationId)
    {
        // Only a stream token is consumed: a conversation token passed here is refused and stays valid.
        if (string.IsNullOrEmpty(value) || !_tokens.TryGetValue(value, out var token) || !token.IsStreamToken
            || !_tokens.TryRemove(new KeyValuePair<string, DirectLineToken>(value, token)))
        {
            return null;
        }

        if (token.ExpiresAt <= Now || !string.Equals(token.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return null;
        }

        var conversation = FindConversation(conversationId);
        conversation?.Touch(Now);
        return conversation;
    }

    /// <summary>Forgets idle conversations and expired tokens; returns how many conversations went.</summary>
    public int RemoveExpired()
    {
        var now = Now;
        var removed = 0;
        foreach (var conversation in _conversations.Values)
        {
            if (IsIdle(conversation, now))
            {
                Remove(conversation);
                removed++;
            }
        }

        foreach (var token in _tokens.Values)
        {
            if (token.ExpiresAt <= now || !_conversations.ContainsKey(token.ConversationId))
            {
                _tokens.TryRemove(token.Value, out _);
            }
        }

        return removed;
    }

    /// <summary>Idle for <see cref="DirectLineOptions.ConversationIdleTimeout"/>, or reserved and not started within <see cref="DirectLineOptions.UnstartedConversationTimeout"/>.</summary>
    private bool IsIdle(DirectLineConversation conversation, DateTimeOffset now) =>
        now - conversation.LastUsed >= _options.ConversationIdleTimeout
        || (!conversation.Started && now - conversation.Created >= _options.UnstartedConversationTimeout);

    private void Remove(DirectLineConversation conversation)
    {
        if (_conversations.TryRemove(conversation.Id, out _))
        {
            conversation.End();
        }
    }

    /// <summary>A conversation id: 128 random bits, URL-safe (it appears in paths and in activity ids).</summary>
    private static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>A token: 256 random bits, URL-safe.</summary>
    private static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
