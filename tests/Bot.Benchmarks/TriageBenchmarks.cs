using BenchmarkDotNet.Attributes;
using Bot.Answers;
using Bot.Answers.Semantic;
using Bot.Answers.Text;

namespace Bot.Benchmarks;

/// <summary>
/// Safety triage of one message (language, precise rules, and with <see cref="ExampleBank"/> the message
/// embedding and the k-nearest-neighbour vote over the example bank, the default), averaged over a sample of the case set. The
/// encoder's cache of recent messages is off, so each message is embedded as a new one would be.
/// </summary>
[MemoryDiagnoser]
public class TriageBenchmarks
{
    /// <summary>Messages per operation: an even sample of the case set, so one operation stays short with the model.</summary>
    private const int Sample = 40;

    private AnswerEngine _engine = null!;
    private string[] _messages = [];
    private NormalizedMessage[] _normalized = [];

    [Params(false, true)]
    public bool ExampleBank { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new AnswerEngineOptions { Semantic = { CacheCapacity = 0 }, Triage = { UseExampleBank = ExampleBank } };
        _engine = new AnswerEngine(CaseSet.Knowledge, options, null, TextEncoders.Create(options.Semantic, ExampleBank));
        var all = CaseSet.Questions;
        _messages = Enumerable.Range(0, Sample).Select(i => all[i * all.Count / Sample]).ToArray();
        _normalized = _messages.Select(m => TextNormalizer.Normalize(m, _engine.Options.MaxQuestionLength)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(OperationsPerInvoke = Sample, Description = "triage one message")]
    public int Triage()
    {
        var sum = 0;
        for (var i = 0; i < _messages.Length; i++)
        {
            sum += (int)_engine.Triage.Assess(_engine.Analyse(_messages[i], _normalized[i])).Urgency;
        }

        return sum;
    }
}
