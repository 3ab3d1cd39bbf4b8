using System.Threading.RateLimiting;
using Bot.DirectLine.State.Redis;
using Bot.Host.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Host.RateLimiting;

/// <summary>The name of one token bucket and its shape; no shape means no limit.</summary>
public readonly record struct BucketKey(string Key, BucketOptions? Bucket);

/// <summary>
/// Every token bucket of the host, one implementation for all of them: the per-conversation activity limit
/// (<see cref="ConversationRateLimiter"/>), the feedback budget (<see cref="Feedback.FeedbackGuard"/>) and the
/// per-address limits of the HTTP endpoints (<see cref="RateLimitingExtensions"/>). In this process by default;
/// in Redis when <c>ConnectionStrings:Redis</c> is set (<see cref="RedisTokenBuckets"/>), so a limit holds across
/// every instance instead of multiplying by their number.
/// </summary>
public sealed class RateLimitBuckets : IDisposable
{
    /// <summary>Keys longer than this (ids a client chose) are cut: they only share a bucket with themselves.</summary>
    internal const int MaxKeyChars = 256;

    public RateLimitBuckets(PartitionedRateLimiter<BucketKey> limiter) => Limiter = limiter;

    /// <summary>The buckets as one partitioned limiter (what ASP.NET Core's rate-limiting middleware takes).</summary>
    public PartitionedRateLimiter<BucketKey> Limiter { get; }

    /// <summary>In this process: one token bucket per key, dropped when idle.</summary>
    public static PartitionedRateLimiter<BucketKey> InMemory() =>
        PartitionedRateLimiter.Create<BucketKey, string>(key => key.Bucket is { } bucket
            ? RateLimitPartition.GetTokenBucketLimiter(key.Key, _ => Buckets.Options(bucket))
            : RateLimitPartition.GetNoLimiter("none"));

    /// <summary>
    /// Takes one token of <paramref name="scope"/>'s bucket named <paramref name="key"/>; not acquired, with how long
    /// to wait, when it is empty. Never waits for a token (the buckets queue nothing); with Redis it awaits one round
    /// trip instead of blocking the thread on it.
    /// </summary>
    public async ValueTask<(bool Acquired, TimeSpan RetryAfter)> TryAcquireAsync(string scope, string key, BucketOptions bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(bucket);
        using var lease = await Limiter.AcquireAsync(new BucketKey(scope + "|" + (key.Length > MaxKeyChars ? key[..MaxKeyChars] : key), bucket), 1, cancellationToken).ConfigureAwait(false);
        return (lease.IsAcquired, lease.IsAcquired ? TimeSpan.Zero : Buckets.RetryAfter(lease, bucket));
    }

    public void Dispose() => Limiter.Dispose();
}

public static class RateLimitBucketsExtensions
{
    /// <summary>Adds <see cref="RateLimitBuckets"/>: in memory, or in Redis when <c>ConnectionStrings:Redis</c> is set.</summary>
    public static IServiceCollection AddRateLimitBuckets(this IServiceCollection services, IConfiguration configuration)
    {
        if (RedisConnection.IsConfigured(configuration))
        {
            services.AddRedisConnection(configuration);
            services.AddOptions<StateOptions>().Bind(configuration.GetSection(StateOptions.SectionName));
            services.TryAddSingleton(sp => new RateLimitBuckets(new RedisTokenBuckets(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<IOptions<StateOptions>>().Value.RedisKeyPrefix + "rl:",
                sp.GetRequiredService<ILogger<RedisTokenBuckets>>())));
        }
        else
        {
            services.TryAddSingleton(_ => new RateLimitBuckets(RateLimitBuckets.InMemory()));
        }

        return services;
    }
}
