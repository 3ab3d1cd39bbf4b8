using System.Diagnostics;
using System.Globalization;
using Bot.Answers;

namespace Bot.Benchmarks;

/// <summary>
/// The per-answer latency distribution in process (BenchmarkDotNet reports per-operation statistics of
/// whole iterations; this times each single call): every case-set question answered many times after a
/// warm-up, in rotation, each call timed with <see cref="Stopwatch"/>; prints the median, p90, p99 and
/// max over all calls, the median per answer kind, and the allocation per answer.
/// <code>dotnet tests/Bot.Benchmarks/bin/Release/net10.0/Bot.Benchmarks.dll latency [rounds]</code>
/// </summary>
public static class AnswerLatency
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 200;
        var questions = CaseSet.Questions.Select(q => new Question(q)).ToArray();
        Console.WriteLine($"{questions.Length} questions from {CaseSet.Sources}; {rounds} rounds");
        foreach (var cacheSize in new[] { new AnswerEngineOptions().SearchCacheSize, 0 })
        {
            using var engine = CaseSet.CreateEngine(new AnswerEngineOptions { SearchCacheSize = cacheSize });
            Console.WriteLine(cacheSize > 0 ? $"search cache on ({cacheSize} searches):" : "search cache off (every retrieval runs its Lucene query):");
            Measure(engine, questions, rounds);
        }

        return 0;
    }

    private static void Measure(AnswerEngine engine, Question[] questions, int rounds)
    {

        // Warm-up: tiered JIT promotes the hot path after enough calls.
        for (var i = 0; i < 300; i++)
        {
            foreach (var q in questions)
            {
                engine.Answer(q);
            }
        }

        var ticks = new long[rounds * questions.Length];
        var kinds = new AnswerKind[questions.Length];
        var n = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < questions.Length; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var answer = engine.Answer(questions[i]);
                ticks[n++] = Stopwatch.GetTimestamp() - t0;
                kinds[i] = answer.Kind;
            }
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)n;
        double Us(long t) => t * 1e6 / Stopwatch.Frequency;
        var sorted = ticks.Order().ToArray();
        double P(double p) => Us(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  per answer over {n} calls: median {P(0.5):0.0} us, p90 {P(0.9):0.0} us, p99 {P(0.99):0.0} us, max {Us(sorted[^1]):0.0} us; allocated {allocated / 1024:0.0} KB per answer"));
        foreach (var group in Enumerable.Range(0, questions.Length).GroupBy(i => kinds[i]).OrderBy(g => g.Key))
        {
            var times = group.SelectMany(i => Enumerable.Range(0, rounds).Select(rr => ticks[(rr * questions.Length) + i])).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {group.Key,-11} {group.Count(),3} questions: median {Us(times[times.Length / 2]):0.0} us, p99 {Us(times[(int)(times.Length * 0.99)]):0.0} us"));
        }
    }
}
