using System.Diagnostics;
using System.Globalization;
using Bot.Answers;
using Bot.Answers.Semantic;
using Bot.Answers.Text;

namespace Bot.Benchmarks;

/// <summary>
/// The cost of safety triage per message, in process, with the precise rules alone and with the example
/// bank (MiniLM embedding of the message, k-nearest neighbours over the bank): each case-set message
/// triaged many times after a warm-up, each call timed; the encoder's cache of recent messages is off, so
/// every call embeds its message as a first-time message would. Prints median, p90, p99 and max.
/// <code>dotnet tests/Bot.Benchmarks/bin/Release/net10.0/Bot.Benchmarks.dll triage [rounds]</code>
/// </summary>
public static class TriageLatency
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 20;
        var messages = CaseSet.Questions.ToArray();
        Console.WriteLine($"{messages.Length} messages from {CaseSet.Sources}; {rounds} rounds");
        foreach (var bank in new[] { false, true })
        {
            var options = new AnswerEngineOptions { Semantic = { CacheCapacity = 0 }, Triage = { UseExampleBank = bank } };
            using var engine = new AnswerEngine(CaseSet.Knowledge, options, null, TextEncoders.Create(options.Semantic, bank));
            Console.WriteLine(bank ? "rules + example bank (Answers:Triage:UseExampleBank, the default):" : "rules alone (UseExampleBank false):");
            Measure(engine, messages, bank ? Math.Max(1, rounds / 10) : rounds);
        }

        return 0;
    }

    private static void Measure(AnswerEngine engine, string[] messages, int rounds)
    {
        var normalized = messages.Select(m => TextNormalizer.Normalize(m, engine.Options.MaxQuestionLength)).ToArray();
        for (var i = 0; i < messages.Length; i++)
        {
            engine.Triage.Assess(engine.Analyse(messages[i], normalized[i]));
        }

        var ticks = new long[rounds * messages.Length];
        var n = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < messages.Length; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                engine.Triage.Assess(engine.Analyse(messages[i], normalized[i]));
                ticks[n++] = Stopwatch.GetTimestamp() - t0;
            }
        }

        double Us(long t) => t * 1e6 / Stopwatch.Frequency;
        var sorted = ticks.Order().ToArray();
        double P(double p) => Us(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  per message over {n} calls: median {P(0.5):0.0} us, p90 {P(0.9):0.0} us, p99 {P(0.99):0.0} us, max {Us(sorted[^1]):0.0} us"));
    }
}
