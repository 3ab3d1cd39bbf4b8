using BenchmarkDotNet.Attributes;
using Bot.Answers;
using Bot.Answers.Composition;
using Bot.Answers.Safety;
using Bot.Answers.Text;
using Bot.Knowledge.Model;

namespace Bot.Benchmarks;

/// <summary>
/// The in-process answer path, stage by stage and end to end, over the whole case set: each operation
/// is one question (BenchmarkDotNet divides by <see cref="OperationsPerInvoke"/>), so the figures are
/// per question, averaged over the set's mix of facts, refusals, small talk and emergencies. Every
/// result feeds a checksum that is returned, so nothing can be optimised away.
/// </summary>
[MemoryDiagnoser]
public class AnswerBenchmarks
{
    // The case set, cycled to a fixed count (BenchmarkDotNet needs a constant for OperationsPerInvoke).
    private const int OperationsPerInvoke = 64;

    private AnswerEngine _engine = null!;
    private AnswerEngine _uncached = null!;
    private AnswerComposer _composer = null!;
    private string[] _questions = [];
    private NormalizedMessage[] _normalized = [];
    private string[] _retrievalText = [];
    private Fact[][] _accepted = [];
    private Question[] _asked = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = CaseSet.CreateEngine();
        _uncached = CaseSet.CreateEngine(new AnswerEngineOptions { SearchCacheSize = 0 });
        _composer = new AnswerComposer(CaseSet.Knowledge.References);
        // Cycle the case set to a fixed count, so every stage sees the same questions in the same order.
        var set = CaseSet.Questions;
        _questions = Enumerable.Range(0, OperationsPerInvoke).Select(i => set[i % set.Count]).ToArray();
        var max = _engine.Options.MaxQuestionLength;
        _normalized = _questions.Select(q => TextNormalizer.Normalize(q, max)).ToArray();
        _retrievalText = _normalized.Select(n => SmallTalk.Detect(n.Text).Remainder).ToArray();
        _accepted = _retrievalText.Select(t => _engine.Retriever.Retrieve(t).Accepted.Select(a => a.Fact).ToArray()).ToArray();
        _asked = _questions.Select(q => new Question(q)).ToArray();
        if (_accepted.All(a => a.Length == 0))
        {
            throw new InvalidOperationException("No question of the case set retrieves a fact: the knowledge or the case set is missing.");
        }
    }

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "normalise")]
    public int Normalise()
    {
        var sum = 0;
        var max = _engine.Options.MaxQuestionLength;
        foreach (var q in _questions)
        {
            sum += TextNormalizer.Normalize(q, max).Text.Length;
        }

        return sum;
    }

    /// <summary>Emergency screen, refusal screen and small-talk detection on a normalised message.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "triage")]
    public int Triage()
    {
        var sum = 0;
        var safety = _engine.Safety;
        foreach (var n in _normalized)
        {
            sum += (int)_engine.Triage.Assess(_engine.Analyse(n.Full, n)).Urgency;
            sum += safety.FindRefusal(n.Full) is null ? 0 : 1;
            sum += (int)SmallTalk.Detect(n.Text).Intent;
        }

        return sum;
    }

    /// <summary>Query analysis, index search (repeats answered by the search cache) and ranking.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "retrieve")]
    public int Retrieve()
    {
        var sum = 0;
        foreach (var t in _retrievalText)
        {
            sum += _engine.Retriever.Retrieve(t).Ranked.Count;
        }

        return sum;
    }

    /// <summary>Composing the cited answer text from the retrieved facts (questions with none compose nothing).</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "compose")]
    public int Compose()
    {
        var sum = 0;
        foreach (var facts in _accepted)
        {
            if (facts.Length > 0)
            {
                var composed = _composer.Compose(facts);
                sum += composed.Text.Length + composed.Citations.Count;
            }
        }

        return sum;
    }

    /// <summary>The whole in-process answer: normalise, triage, retrieve, compose.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "answer (end to end)", Baseline = true)]
    public int Answer()
    {
        var sum = 0;
        foreach (var q in _asked)
        {
            sum += _engine.Answer(q).Text.Length;
        }

        return sum;
    }

    /// <summary>The same with the index's search cache off: every retrieval runs its Lucene query (a stream of new questions).</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "answer, search cache off")]
    public int AnswerUncached()
    {
        var sum = 0;
        foreach (var q in _asked)
        {
            sum += _uncached.Answer(q).Text.Length;
        }

        return sum;
    }

    /// <summary>The answer as the plain-text/markdown every channel gets (sources, advice, disclaimer).</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvoke, Description = "answer + markdown")]
    public int AnswerAndFormat()
    {
        var sum = 0;
        foreach (var q in _asked)
        {
            sum += AnswerFormatter.ToMarkdown(_engine.Answer(q)).Length;
        }

        return sum;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _uncached.Dispose();
    }
}
