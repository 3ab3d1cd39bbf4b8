using System.Text.Json.Nodes;

namespace Bot.DirectLine.State;

/// <summary>
/// The default store: <see cref="DirectLineStore"/> in this process's memory (one instance; nothing to install).
/// Tokens are 256 random bits kept in a table; history is bounded per conversation and in total.
/// </summary>
internal sealed class MemoryDirectLineStore(DirectLineStore store) : IDirectLineStore
{
    public Task<(DirectLineConversationInfo? Conversation, CreateRefusal Refusal)> ReserveAsync(string userId, string? userName, string? address, CancellationToken cancellationToken)
    {
        var conversation = store.TryCreateConversation(userId, userName, address, out var refusal);
        return Task.FromResult((Info(conversation), refusal));
    }

    public Task<DirectLineTokenGrant> IssueTokenAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(Grant(store.IssueToken(Existing(conversationId))));

    public Task<DirectLineTokenGrant> IssueStreamTokenAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(Grant(store.IssueStreamToken(Existing(conversationId))));

    public Task<DirectLineTokenResult> CheckTokenAsync(string? token, string? conversationId, CancellationToken cancellationToken)
    {
        var check = store.CheckToken(token, conversationId, out var conversation);
        return Task.FromResult(check switch
        {
            TokenCheck.Valid => new DirectLineTokenResult(check, Info(conversation), store.ExpiresAt(token!)),
            TokenCheck.Missing => DirectLineTokenResult.Missing,
            TokenCheck.WrongConversation => DirectLineTokenResult.WrongConversation,
            _ => DirectLineTokenResult.Invalid,
        });
    }

    public Task<DirectLineConversationInfo?> RedeemStreamTokenAsync(string? token, string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(Info(store.RedeemStreamToken(token, conversationId)));

    public Task<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(store.FindConversation(conversationId)?.TryStart() == true);

    public Task<DirectLineConversationInfo?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(Info(store.FindConversation(conversationId)));

    public Task TouchAsync(string conversationId, CancellationToken cancellationToken)
    {
        store.FindConversation(conversationId)?.Touch(store.Now);
        return Task.CompletedTask;
    }

    public Task<StoredActivity?> AppendAsync(string conversationId, JsonObject activity, bool streamOnly, CancellationToken cancellationToken)
    {
        var conversation = store.FindConversation(conversationId);
        if (conversation is null || !conversation.Started)
        {
            return Task.FromResult<StoredActivity?>(null);
        }

        var stored = conversation.Append(
            id =>
            {
                activity["id"] = id;
                return activity.ToJsonString();
            },
            streamOnly);
        return Task.FromResult<StoredActivity?>(stored);
    }

    public Task<DirectLineActivityPage> SinceAsync(string conversationId, long watermark, bool includeStreamOnly, CancellationToken cancellationToken)
    {
        var conversation = store.FindConversation(conversationId);
        if (conversation is null)
        {
            return Task.FromResult(DirectLineActivityPage.Empty);
        }

        var (activities, last) = conversation.Since(watermark, includeStreamOnly);
        return Task.FromResult(new DirectLineActivityPage(activities, last));
    }

    public async Task<bool> WaitForActivityAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken)
    {
        var conversation = store.FindConversation(conversationId);
        if (conversation is null)
        {
            return false;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, conversation.Ended);
        try
        {
            await conversation.WaitForActivityAfterAsync(watermark, linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public Task<IAsyncDisposable?> TryOpenStreamAsync(string conversationId, CancellationToken cancellationToken)
    {
        var conversation = store.FindConversation(conversationId);
        return Task.FromResult<IAsyncDisposable?>(conversation is not null && conversation.TryAddStream(store.MaxStreamsPerConversation) ? new StreamLease(conversation) : null);
    }

    public Task<long> CountOpenAsync(CancellationToken cancellationToken) => Task.FromResult((long)store.ConversationCount);

    public Task<int> RemoveExpiredAsync(CancellationToken cancellationToken) => Task.FromResult(store.RemoveExpired());

    private DirectLineConversation Existing(string conversationId) =>
        store.FindConversation(conversationId) ?? throw new InvalidOperationException("The Direct Line conversation does not exist.");

    private static DirectLineTokenGrant Grant(DirectLineToken token) => new(token.Value, token.ExpiresAt);

    private static DirectLineConversationInfo? Info(DirectLineConversation? conversation) =>
        conversation is null ? null : new DirectLineConversationInfo(conversation.Id, conversation.UserId, conversation.UserName, conversation.Started, conversation.LastSequence);

    private sealed class StreamLease(DirectLineConversation conversation) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                conversation.RemoveStream();
            }

            return ValueTask.CompletedTask;
        }
    }
}
