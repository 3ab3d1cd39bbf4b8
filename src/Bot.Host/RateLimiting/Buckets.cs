using System.Threading.RateLimiting;

namespace Bot.Host.RateLimiting;

internal static class Buckets
{
    /// <summary>
    /// A token bucket for <paramref name="bucket"/>: no queue (over the limit is refused at once), refilled
    /// every 100 ms, or every second for slow rates so each refill adds at least one token.
    /// </summary>
    public static TokenBucketRateLimiterOptions Options(BucketOptions bucket)
    {
        var period = bucket.PerSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(1 / bucket.PerSecond)));
        var tokens = Math.Max(1, (int)Math.Round(bucket.PerSecond * period.TotalSeconds));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    /// <summary>How long to wait after a refused lease: its Retry-After metadata, else one refill period.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease, BucketOptions bucket) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
            ? wait
            : Options(bucket).ReplenishmentPeriod;
}
