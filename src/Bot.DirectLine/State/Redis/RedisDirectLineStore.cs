using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.DirectLine.State.Redis;

/// <summary>
/// The Direct Line state of several instances, in Redis (used when <c>ConnectionStrings:Redis</c> is set).
/// Conversations are hashes with a time-to-live (the unstarted timeout, then the idle timeout, renewed on use);
/// each history is a sorted set scored by sequence number, so a watermark is a score range; tokens are signed
/// (<see cref="SignedTokens"/>), so no instance needs a token table; a redeemed stream token is a key that lives
/// as long as the token would; every append publishes the conversation's wake-up (<see cref="RedisWakeups"/>).
/// Each call is one round trip (one script). The in-memory store's global history budget has no counterpart here:
/// history is bounded per conversation and by the number of conversations; give Redis a <c>maxmemory</c> too.
/// </summary>
internal sealed class RedisDirectLineStore : IDirectLineStore
{
    /// <summary>How often a waiting stream checks its conversation even without a wake-up (a lost message, an expiry).</summary>
    internal static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long a stream's lease lasts without renewal (an instance that died stops counting after this).</summary>
    internal static readonly TimeSpan StreamLease = TimeSpan.FromSeconds(60);

    private readonly IConnectionMultiplexer _redis;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;
    private readonly SignedTokens _tokens;
    private readonly RedisWakeups _wakeups;
    private readonly string _prefix;

    public RedisDirectLineStore(IConnectionMultiplexer redis, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _redis = redis;
        _options = options.Value;
        _time = time;
        _prefix = _options.RedisKeyPrefix;
        _tokens = new SignedTokens(SignedTokens.ParseKey(_options.TokenSigningKey)
            ?? throw new InvalidOperationException("DirectLine:TokenSigningKey must be set (base64 of at least 32 random bytes) when Direct Line state is in Redis."));
        _wakeups = new RedisWakeups(redis, _prefix);
    }

    internal RedisWakeups Wakeups => _wakeups;

    private IDatabase Db => _redis.GetDatabase();

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private RedisKey Conversation(string id) => _prefix + "c:" + id;

    private RedisKey History(string id) => _prefix + "h:" + id;

    private RedisKey Streams(string id) => _prefix + "s:" + id;

    private RedisKey Open => _prefix + "open";

    private RedisKey Address(string address) => _prefix + "a:" + address;

    private RedisKey Used(string nonce) => _prefix + "used:" + nonce;

    public async Task<(DirectLineConversationInfo? Conversation, CreateRefusal Refusal)> ReserveAsync(string userId, string? userName, string? address, CancellationToken cancellationToken)
    {
        while (true)
        {
            var id = SignedTokens.Base64Url(RandomNumberGenerator.GetBytes(16));
            var result = (int)await Db.ScriptEvaluateAsync(
                RedisScripts.Reserve,
                [Conversation(id), Open, Address(address ?? "")],
                [NowMs, Ms(_options.UnstartedConversationTimeout), _options.MaxConversations, address is null ? 0 : _options.MaxConversationsPerAddress, userId, userName ?? "", address ?? "", id]).ConfigureAwait(false);
            switch (result)
            {
                case 0:
                    return (new DirectLineConversationInfo(id, userId, userName, false, 0), CreateRefusal.None);
                case 1:
                    return (null, CreateRefusal.TooManyConversations);
                case 2:
                    return (null, CreateRefusal.TooManyForAddress);
                default:
                    continue; // an id collision (2^-128): draw another
            }
        }
    }

    public Task<DirectLineTokenGrant> IssueTokenAsync(string conversationId, CancellationToken cancellationToken) =>
        IssueAsync(conversationId, isStream: false, _options.TokenLifetime);

    public Task<DirectLineTokenGrant> IssueStreamTokenAsync(string conversationId, CancellationToken cancellationToken) =>
        IssueAsync(conversationId, isStream: true, _options.StreamUrlLifetime);

    private async Task<DirectLineTokenGrant> IssueAsync(string conversationId, bool isStream, TimeSpan lifetime)
    {
        var number = await Db.HashIncrementAsync(Conversation(conversationId), isStream ? "stok" : "tok").ConfigureAwait(false);
        var expires = _time.GetUtcNow() + lifetime;
        var token = new SignedToken(isStream, conversationId, expires, number, SignedTokens.NewNonce());
        return new DirectLineTokenGrant(_tokens.Sign(token), expires);
    }

    public async Task<DirectLineTokenResult> CheckTokenAsync(string? token, string? conversationId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return DirectLineTokenResult.Missing;
        }

        if (_tokens.Read(token) is not { IsStream: false } claims || claims.ExpiresAt <= _time.GetUtcNow())
        {
            return DirectLineTokenResult.Invalid;
        }

        if (conversationId is not null && !string.Equals(conversationId, claims.ConversationId, StringComparison.Ordinal))
        {
            return DirectLineTokenResult.WrongConversation;
        }

        var info = await ReadAsync(claims.ConversationId, "tok", claims.Number, _options.MaxTokensPerConversation).ConfigureAwait(false);
        return info is null ? DirectLineTokenResult.Invalid : new DirectLineTokenResult(TokenCheck.Valid, info, claims.ExpiresAt);
    }

    public async Task<DirectLineConversationInfo?> RedeemStreamTokenAsync(string? token, string conversationId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_tokens.Read(token) is not { IsStream: true } claims || claims.ExpiresAt <= now
            || !string.Equals(claims.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return null;
        }

        // Single use on every instance: the first to mark the nonce wins; the mark lives as long as the token would.
        var ttl = claims.ExpiresAt - now + TimeSpan.FromSeconds(1);
        if (!await Db.StringSetAsync(Used(claims.Nonce), 1, ttl, When.NotExists).ConfigureAwait(false))
        {
            return null;
        }

        return await ReadAsync(conversationId, "stok", claims.Number, _options.MaxStreamsPerConversation).ConfigureAwait(false);
    }

    public async Task<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(RedisScripts.Start, [Conversation(conversationId), Open], [NowMs, Ms(_options.ConversationIdleTimeout), conversationId]).ConfigureAwait(false) == 1;

    public Task<DirectLineConversationInfo?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        ReadAsync(conversationId, "", 0, 0);

    public async Task TouchAsync(string conversationId, CancellationToken cancellationToken) =>
        await ReadAsync(conversationId, "", 0, 0).ConfigureAwait(false);

    private async Task<DirectLineConversationInfo?> ReadAsync(string conversationId, string counter, long number, int keep)
    {
        var result = await Db.ScriptEvaluateAsync(
            RedisScripts.Read,
            [Conversation(conversationId), History(conversationId), Open],
            [NowMs, Ms(_options.ConversationIdleTimeout), conversationId, counter, number, keep]).ConfigureAwait(false);
        if (result.IsNull || result.Resp2Type != ResultType.Array)
        {
            return null;
        }

        var fields = (RedisResult[])result!;
        var name = (string?)fields[1];
        return new DirectLineConversationInfo(conversationId, (string)fields[0]!, string.IsNullOrEmpty(name) ? null : name, (string?)fields[2] == "1", long.Parse((string)fields[3]!, CultureInfo.InvariantCulture));
    }

    public async Task<StoredActivity?> AppendAsync(string conversationId, JsonObject activity, bool streamOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Remove("id");
        var json = activity.ToJsonString();
        if (json.Length < 3)
        {
            throw new ArgumentException("An activity cannot be an empty JSON object.", nameof(activity));
        }

        var result = await Db.ScriptEvaluateAsync(
            RedisScripts.Append,
            [Conversation(conversationId), History(conversationId), Open],
            [json[1..], streamOnly ? "t" : "m", conversationId + "|", _options.MaxActivitiesPerConversation, _options.MaxHistoryBytesPerConversation, Ms(_options.ConversationIdleTimeout), NowMs, conversationId, (RedisValue)_wakeups.Channel(conversationId).ToString()]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }

        var fields = (RedisResult[])result!;
        var sequence = (long)fields[0];
        activity["id"] = DirectLineIds.ActivityId(conversationId, sequence);
        return new StoredActivity(sequence, (string)fields[1]!, streamOnly);
    }

    public async Task<DirectLineActivityPage> SinceAsync(string conversationId, long watermark, bool includeStreamOnly, CancellationToken cancellationToken)
    {
        var result = await Db.ScriptEvaluateAsync(RedisScripts.Since, [Conversation(conversationId), History(conversationId)], [watermark]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return DirectLineActivityPage.Empty;
        }

        var items = (RedisResult[])result!;
        var last = long.Parse((string)items[0]!, CultureInfo.InvariantCulture);
        var activities = new List<StoredActivity>(items.Length - 1);
        var sequence = last - (items.Length - 1);
        for (var i = 1; i < items.Length; i++)
        {
            var member = (string)items[i]!;
            var streamOnly = member[0] == 't';
            if (streamOnly && !includeStreamOnly)
            {
                continue;
            }

            activities.Add(new StoredActivity(DirectLineIds.SequenceOf(member.AsSpan(1)) ?? ++sequence, member[1..], streamOnly));
        }

        return new DirectLineActivityPage(activities, last);
    }

    public async Task<bool> WaitForActivityAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken)
    {
        await _wakeups.EnsureSubscribedAsync().ConfigureAwait(false);
        while (true)
        {
            using var registration = _wakeups.Register(conversationId);
            var last = await Db.HashGetAsync(Conversation(conversationId), "seq").ConfigureAwait(false);
            if (last.IsNull)
            {
                return false;
            }

            if ((long)last > watermark)
            {
                return true;
            }

            try
            {
                await registration.Signal.WaitAsync(RecheckInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public async Task<IAsyncDisposable?> TryOpenStreamAsync(string conversationId, CancellationToken cancellationToken)
    {
        var lease = new RedisStreamLease(this, conversationId, SignedTokens.NewNonce());
        if (!await lease.RenewAsync().ConfigureAwait(false))
        {
            return null;
        }

        lease.StartRenewing();
        return lease;
    }

    public async Task<long> CountOpenAsync(CancellationToken cancellationToken) =>
        await Db.SortedSetLengthAsync(Open, NowMs, double.PositiveInfinity, Exclude.Start).ConfigureAwait(false);

    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken) =>
        (int)await Db.SortedSetRemoveRangeByScoreAsync(Open, double.NegativeInfinity, NowMs).ConfigureAwait(false);

    /// <summary>One open stream, counted in <c>s:{id}</c> while it lives and renewed every third of its lease.</summary>
    private sealed class RedisStreamLease(RedisDirectLineStore store, string conversationId, string leaseId) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task? _renewing;

        public async Task<bool> RenewAsync() =>
            (int)await store.Db.ScriptEvaluateAsync(
                RedisScripts.OpenStream,
                [store.Streams(conversationId)],
                [store.NowMs, Ms(StreamLease), store._options.MaxStreamsPerConversation, leaseId, Ms(store._options.ConversationIdleTimeout)]).ConfigureAwait(false) == 1;

        public void StartRenewing() => _renewing = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(StreamLease / 3, store._time);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    try
                    {
                        await RenewAsync().ConfigureAwait(false);
                    }
                    catch (RedisException)
                    {
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            if (_renewing is not null)
            {
                await _renewing.ConfigureAwait(false);
            }

            _stop.Dispose();
            try
            {
                await store.Db.SortedSetRemoveAsync(store.Streams(conversationId), leaseId).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // The lease expires by itself.
            }
        }
    }
}
