using BenchmarkDotNet.Attributes;
using Bot.Answers.Semantic;

namespace Bot.Benchmarks;

/// <summary>
/// The semantic layer's cost: one MiniLM encoding (ONNX Runtime, one intra-op thread) at the lengths
/// people write, a 16-text batch (index building), and a repeated message served by the recent-text cache.
/// </summary>
[MemoryDiagnoser]
public class EncoderBenchmarks
{
    private MiniLmEncoder _model = null!;
    private CachingTextEncoder _cached = null!;
    private string[] _batch = [];

    [Params(
        "is botox safe",
        "what causes hemifacial spasm and can it be cured",
        "my left eye has been twitching for three years and now the corner of my mouth pulls up too, will it spread further down my face and should I see a neurologist or a neurosurgeon")]
    public string Text { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _model = MiniLmEncoder.Load();
        _cached = new CachingTextEncoder(MiniLmEncoder.Load(), 64);
        _cached.Encode(Text);
        _batch = Enumerable.Range(0, 16).Select(i => $"{Text} ({i})").ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float Encode() => _model.Encode(Text)[0];

    [Benchmark]
    public float EncodeRepeatedMessageFromCache() => _cached.Encode(Text)[0];

    [Benchmark(OperationsPerInvoke = 16)]
    public float EncodeBatchOf16PerText() => _model.EncodeBatch(_batch)[0][0];
}
