using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Bot.Host.RateLimiting;

/// <summary>
/// Token buckets in Redis, shared by every instance: each bucket a hash (tokens, last refill) updated by one
/// script per request, on Redis's own clock (instances' clocks may differ), expiring once it would be full again.
/// The same bucket shape as in memory (burst, then a steady rate). When Redis cannot be reached the request is
/// let through and a warning logged (at most every 30 s): a limit is protection, not a reason to stop answering.
/// </summary>
public sealed partial class RedisTokenBuckets(IConnectionMultiplexer redis, string keyPrefix, ILogger<RedisTokenBuckets> logger) : PartitionedRateLimiter<BucketKey>
{
    /// <summary>KEYS: the bucket. ARGV: capacity, tokens per ms, tokens wanted. Returns {1, 0} when taken, else {0, ms to wait}.</summary>
    private const string TakeScript = """
        local capacity = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local b = redis.call('HMGET', KEYS[1], 't', 'ts')
        local tokens = tonumber(b[1]) or capacity
        local ts = tonumber(b[2]) or now
        tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
        local taken = 0
        local wait = 0
        if tokens >= wanted then
          tokens = tokens - wanted
          taken = 1
        else
          wait = math.ceil((wanted - tokens) / rate)
        end
        redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', now)
        redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 1000)
        return {taken, wait}
        """;

    private long _lastWarning;

    public override RateLimiterStatistics? GetStatistics(BucketKey resource) => null;

    protected override RateLimitLease AttemptAcquireCore(BucketKey resource, int permitCount)
    {
        if (resource.Bucket is not { } bucket || permitCount == 0)
        {
            return Lease.Granted;
        }

        try
        {
            return Result(redis.GetDatabase().ScriptEvaluate(TakeScript, [keyPrefix + resource.Key], Arguments(bucket, permitCount)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return Unavailable(ex);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(BucketKey resource, int permitCount, CancellationToken cancellationToken)
    {
        if (resource.Bucket is not { } bucket || permitCount == 0)
        {
            return Lease.Granted;
        }

        try
        {
            return Result(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [keyPrefix + resource.Key], Arguments(bucket, permitCount)).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return Unavailable(ex);
        }
    }

    private static RedisValue[] Arguments(BucketOptions bucket, int permitCount) =>
        [bucket.Burst, (bucket.PerSecond / 1000).ToString("R", System.Globalization.CultureInfo.InvariantCulture), permitCount];

    private static RateLimitLease Result(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return (long)values[0] == 1 ? Lease.Granted : new Lease(false, TimeSpan.FromMilliseconds(Math.Max(1, (long)values[1])));
    }

    private RateLimitLease Unavailable(Exception ex)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarning);
        if (now - last > 30_000 && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            LogUnavailable(logger, ex);
        }

        return Lease.Granted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits: Redis could not be reached; requests are let through until it answers again.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
