using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace Bot.Benchmarks;

/// <summary>
/// BenchmarkDotNet over the answer path, rendering, protocol JSON and JWT validation: time and
/// allocations per operation, with the median and 95th percentile beside the mean.
/// <code>
///   dotnet run -c Release --project tests/Bot.Benchmarks -- --filter '*'
///   dotnet run -c Release --project tests/Bot.Benchmarks -- --filter '*Answer*' --job short
///   dotnet run -c Release --project tests/Bot.Benchmarks -- latency     (per-answer latency distribution)
///   dotnet run -c Release --project tests/Bot.Benchmarks -- unseen      (per-answer latency for never-seen messages, lexical and semantic)
///   dotnet run -c Release --project tests/Bot.Benchmarks -- triage      (triage cost per message, rules alone and with the example bank)
/// </code>
/// The load, start-up and memory runs through the real HTTP paths are tests/Bot.LoadDriver.
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "latency")
        {
            return AnswerLatency.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "unseen")
        {
            return UnseenLatency.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "triage")
        {
            return TriageLatency.Run(args[1..]);
        }

        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, config);
        // A benchmark that threw shows as NA in the table; make that an error for scripts and CI.
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
