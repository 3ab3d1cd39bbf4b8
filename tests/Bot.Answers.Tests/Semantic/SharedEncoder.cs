using Bot.Answers.Semantic;

namespace Bot.Answers.Tests.Semantic;

/// <summary>One real MiniLM encoder for the whole test run (loading the model costs a few hundred milliseconds and ~100 MB).</summary>
public static class SharedEncoder
{
    private static readonly Lazy<MiniLmEncoder> Model = new(() => MiniLmEncoder.Load());

    public static MiniLmEncoder Instance => Model.Value;
}

/// <summary>An encoder that counts its calls and returns a vector derived from the text (for cache tests).</summary>
public sealed class CountingEncoder(int dimensions = 4, string modelId = "counting-1") : ITextEncoder
{
    private int _calls;

    public int Calls => _calls;

    public int Dimensions => dimensions;

    public string ModelId => modelId;

    public float[] Encode(string text)
    {
        Interlocked.Increment(ref _calls);
        var v = new float[dimensions];
        v[text.Length % dimensions] = 1;
        return v;
    }

    public IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<string> texts) => texts.Select(Encode).ToArray();
}
