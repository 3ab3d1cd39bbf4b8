using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.LoadDriver;

/// <summary>Console lines for people, and an optional JSON file with everything for scripts.</summary>
public sealed class Report
{
    private readonly Dictionary<string, object?> _json = new(StringComparer.Ordinal);
    private readonly List<object> _runs = [];

    public Report(string mode)
    {
        _json["mode"] = mode;
        _json["startedUtc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        _json["machine"] = new
        {
            cores = Environment.ProcessorCount,
            memoryGiB = Math.Round(TotalMemoryBytes() / 1073741824.0, 1),
            runtime = RuntimeInformation.FrameworkDescription,
            os = RuntimeInformation.OSDescription,
        };
        _json["runs"] = _runs;
    }

    public void Set(string key, object? value) => _json[key] = value;

    public void Add(object run) => _runs.Add(run);

    public static void Line(string text) => Console.WriteLine(text);

    public static string Format(ApiLoadResult r)
    {
        var l = r.TurnLatencyMs;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{r.Bot,-7} c={r.Concurrency,-4} {r.Answered,6}/{r.Attempted} turns {r.TurnsPerSecond,8:0.0} turns/s  p50 {l.P50,6:0.00}  p99 {l.P99,6:0.00}  p99.9 {l.P999,6:0.00}  max {l.Max,7:0.00} ms  ack p50 {r.AckLatencyMs.P50:0.00} ms  failures {r.Failures}");
        if (r.BotCores is { } cores)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  bot {cores:0.00} cores {r.BotCpuPerTurnUs:0} us/turn");
        }

        if (r.BotPeakRssMb is { } peak)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  rss {r.BotRssMb:0} MB peak {peak:0} MB");
        }

        text += string.Create(CultureInfo.InvariantCulture, $"  driver {r.DriverCores:0.00} cores");
        if (r.StoppedByTimeLimit)
        {
            text += "  (stopped by time limit)";
        }

        if (r.BotExited)
        {
            text += "  (BOT EXITED)";
        }

        return text;
    }

    public static void Failures(ApiLoadResult r)
    {
        if (r.Failures == 0)
        {
            return;
        }

        Line(string.Create(CultureInfo.InvariantCulture,
            $"  failures: non-2xx {r.Non2xx} ({string.Join(", ", r.StatusCodes.Select(kv => kv.Key + "x" + kv.Value))}), transport {r.TransportErrors}, missing replies {r.MissingReplies}, empty replies {r.EmptyReplies}{(r.BotExited ? ", bot exited" : "")}"));
        foreach (var e in r.ErrorSamples)
        {
            Line("    " + e);
        }
    }

    public void Write(string? path)
    {
        if (path is null)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(_json, JsonOptions));
        Line($"report written to {full}");
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static long TotalMemoryBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
