using Microsoft.Extensions.Logging;

namespace Bot.Protocol.Diagnostics;

/// <summary>
/// Lets at most <c>limit</c> log records of one kind through per <c>period</c> (requests refused before or at
/// authentication, which anyone can cause), and reports how many were left out when the next period opens, so
/// a flood of bad requests costs a few lines, not gigabytes. Thread-safe.
/// </summary>
public sealed class LogThrottle(TimeProvider time, int limit = 20, TimeSpan? period = null)
{
    private readonly TimeSpan _period = period ?? TimeSpan.FromMinutes(1);
    private readonly object _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _written;
    private long _suppressed;

    /// <summary>Total records left out since start (for tests and diagnostics).</summary>
    public long Suppressed { get; private set; }

    /// <summary>True when this record may be written; when a new period starts, logs how many the last one left out.</summary>
    public bool Allow(ILogger logger, string kind)
    {
        long reportSuppressed = 0;
        bool allowed;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= _period)
            {
                reportSuppressed = _suppressed;
                _suppressed = 0;
                _written = 0;
                _windowStart = now;
            }

            allowed = _written < limit;
            if (allowed)
            {
                _written++;
            }
            else
            {
                _suppressed++;
                Suppressed++;
            }
        }

        if (reportSuppressed > 0)
        {
            logger.LogWarning("{Count} more {Kind} records were not logged in the last {Period} (rate-limited).", reportSuppressed, kind, _period);
        }

        return allowed;
    }
}
