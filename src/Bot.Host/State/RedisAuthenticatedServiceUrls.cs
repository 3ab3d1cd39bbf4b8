using Bot.Protocol.Connector;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Host.State;

/// <summary>
/// Service URLs learnt from authenticated activities, shared by every instance through Redis: a sorted set
/// <c>su</c> (score: when it was learnt, trimmed to the newest <see cref="AuthenticatedServiceUrls.MaxRemembered"/>)
/// and a pub/sub message per new URL. Each instance keeps its local copy, filled from the set at start and by the
/// messages after, so the Connector's check never waits on Redis; a URL learnt on one instance is known on the
/// others within a round trip. Writes are fire-and-forget: if Redis is down an instance still knows what it learnt.
/// </summary>
public sealed partial class RedisAuthenticatedServiceUrls(IConnectionMultiplexer redis, IOptions<StateOptions> options, ILogger<RedisAuthenticatedServiceUrls> logger)
    : IAuthenticatedServiceUrls, IHostedService
{
    private const string RememberScript = """
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
        redis.call('PUBLISH', ARGV[4], ARGV[1])
        return 1
        """;

    private readonly AuthenticatedServiceUrls _local = new();
    private readonly string _key = options.Value.RedisKeyPrefix + "su";
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.RedisKeyPrefix + "su:new");

    public void Remember(string normalizedUrl)
    {
        if (!_local.Add(normalizedUrl))
        {
            return;
        }

        try
        {
            redis.GetDatabase().ScriptEvaluate(
                RememberScript,
                [_key],
                [normalizedUrl, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), AuthenticatedServiceUrls.MaxRemembered, _channel.ToString()],
                CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex);
        }
    }

    public bool Contains(string normalizedUrl) => _local.Contains(normalizedUrl);

    /// <summary>Subscribes to new URLs, then loads the ones learnt before this instance started.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(_channel, (_, url) =>
            {
                if (!url.IsNullOrEmpty)
                {
                    _local.Add(url!);
                }
            }).ConfigureAwait(false);
            foreach (var url in await redis.GetDatabase().SortedSetRangeByRankAsync(_key, 0, -1, Order.Descending).ConfigureAwait(false))
            {
                _local.Add(url!);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Not fatal: this instance learns from its own traffic, and the subscription is restored on reconnect.
            LogUnavailable(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable: learnt service URLs are shared with the other instances once it is back.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
