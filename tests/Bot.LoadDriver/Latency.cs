using System.Diagnostics;

namespace Bot.LoadDriver;

/// <summary>Every latency of a run (exact percentiles by nearest rank, no histogram rounding).</summary>
public sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[Math.Max(1, capacity)];
    private int _count;

    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    public void Add(long stopwatchTicks)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _ticks.Length)
        {
            _ticks[i] = stopwatchTicks;
        }
    }

    public LatencySummary Summarise()
    {
        var n = Count;
        if (n == 0)
        {
            return LatencySummary.Empty;
        }

        var sorted = _ticks.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Rank(double p) => Ms(sorted[Math.Clamp((int)Math.Ceiling(p * n) - 1, 0, n - 1)]);
        var sum = 0.0;
        foreach (var t in sorted)
        {
            sum += t;
        }

        return new LatencySummary(n, Ms(sorted[0]), Rank(0.50), Rank(0.90), Rank(0.99), Rank(0.999), Ms(sorted[^1]), Ms((long)(sum / n)));
    }
}

/// <summary>Milliseconds.</summary>
public sealed record LatencySummary(int Samples, double Min, double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}

public static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
