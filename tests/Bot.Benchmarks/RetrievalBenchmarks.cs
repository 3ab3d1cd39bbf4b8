using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Bot.Answers;
using Bot.Answers.Semantic;

namespace Bot.Benchmarks;

/// <summary>
/// A whole answer for a message the engine has never seen, in both modes (lexical; semantic, with the
/// MiniLM encoding of the message). Each message is a case-set question with a number no other message
/// has appended ("... (1234)"), so neither the index's search cache nor the encoder's recent-text cache
/// can answer it: this is the cost of a new person's new question. BenchmarkDotNet gives the mean and
/// median per answer and the allocations; <see cref="UnseenLatency"/> times single calls for the p99.
/// </summary>
[MemoryDiagnoser]
public class RetrievalBenchmarks
{
    private const int OperationsPerInvoke = 32;

    private AnswerEngine _engine = null!;
    private string[] _questions = [];
    private int _next;

    [Params(false, true)]
    public bool Semantic { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = UnseenLatency.CreateEngine(Semantic);
        _questions = CaseSet.Questions.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "answer an unseen message")]
    public int AnswerUnseen()
    {
        var sum = 0;
        for (var i = 0; i < OperationsPerInvoke; i++)
        {
            sum += _engine.Answer(new Question(UnseenLatency.Unseen(_questions, _next++))).Text.Length;
        }

        return sum;
    }
}

/// <summary>
/// Per-call latency of answers to unseen messages in both modes: median, p90, p99, max, allocations.
/// <code>dotnet tests/Bot.Benchmarks/bin/Release/net10.0/Bot.Benchmarks.dll unseen [calls]</code>
/// </summary>
public static class UnseenLatency
{
    /// <summary>The engine as the host builds it, with the semantic layer on or off.</summary>
    public static AnswerEngine CreateEngine(bool semantic, bool memoryArena = true)
    {
        var options = new AnswerEngineOptions();
        options.Semantic.Enabled = semantic;
        options.Semantic.MemoryArena = memoryArena;
        return new AnswerEngine(CaseSet.Knowledge, options, index: null, TextEncoders.Create(options.Semantic));
    }

    /// <summary>Question <paramref name="n"/> of the rotation, made unique by its number.</summary>
    public static string Unseen(IReadOnlyList<string> questions, int n) =>
        string.Create(CultureInfo.InvariantCulture, $"{questions[n % questions.Count]} ({n + 1000})");

    public static int Run(string[] args)
    {
        var calls = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c > 0 ? c : 5000;
        var questions = CaseSet.Questions;
        Console.WriteLine($"{questions.Count} questions from {CaseSet.Sources}, each call a message never seen before; {calls} calls per mode; {Environment.ProcessorCount} cores");
        // Lexical (no model), semantic (the default: ONNX Runtime's arena on), and semantic with the arena off
        // (Answers:Semantic:MemoryArena false), so the two encoder settings are compared under the same load.
        foreach (var (semantic, arena) in new[] { (false, true), (true, true), (true, false) })
        {
            using var engine = CreateEngine(semantic, arena);
            var n = 0;
            for (var i = 0; i < Math.Min(2000, calls); i++)
            {
                engine.Answer(new Question(Unseen(questions, n++)));
            }

            var ticks = new long[calls];
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                var question = new Question(Unseen(questions, n++));
                var t0 = Stopwatch.GetTimestamp();
                engine.Answer(question);
                ticks[i] = Stopwatch.GetTimestamp() - t0;
            }

            var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
            Array.Sort(ticks);
            double Us(long t) => t * 1e6 / Stopwatch.Frequency;
            double P(double p) => Us(ticks[Math.Clamp((int)Math.Ceiling(p * ticks.Length) - 1, 0, ticks.Length - 1)]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(semantic ? arena ? "semantic" : "semantic, arena off" : "lexical"),-20} median {P(0.5):0.0} us, p90 {P(0.9):0.0} us, p99 {P(0.99):0.0} us, max {Us(ticks[^1]):0.0} us; {allocated / 1024:0.0} KB allocated per answer"));
        }

        return 0;
    }
}
