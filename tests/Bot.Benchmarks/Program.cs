using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// BenchmarkDotNet over the answer path, rendering, protocol JSON and JWT validation: time and
// allocations per operation, with the median and 95th percentile beside the mean.
//   dotnet run -c Release --project tests/Bot.Benchmarks -- --filter '*'
//   dotnet run -c Release --project tests/Bot.Benchmarks -- --filter '*Answer*' --job short
// The load, start-up and memory runs through the real HTTP paths are tests/Bot.LoadDriver.
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
