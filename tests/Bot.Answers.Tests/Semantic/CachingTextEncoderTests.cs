using Bot.Answers.Semantic;

namespace Bot.Answers.Tests.Semantic;

public sealed class CachingTextEncoderTests
{
    [Fact]
    public void A_repeated_text_is_encoded_once()
    {
        var inner = new CountingEncoder();
        var cache = new CachingTextEncoder(inner, capacity: 8);

        var first = cache.Encode("is botox safe");
        var second = cache.Encode("is botox safe");

        Assert.Same(first, second);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void The_cache_holds_at_most_its_capacity_and_drops_the_least_recently_used_text()
    {
        var inner = new CountingEncoder();
        var cache = new CachingTextEncoder(inner, capacity: 2);

        cache.Encode("a");
        cache.Encode("bb");
        cache.Encode("a");   // "a" is now the most recent
        cache.Encode("ccc"); // drops "bb"
        cache.Encode("a");
        cache.Encode("bb");

        Assert.Equal(2, cache.Count);
        Assert.Equal(4, inner.Calls); // a, bb, ccc, bb again
    }

    [Fact]
    public void A_capacity_of_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingTextEncoder(new CountingEncoder(), 0));
    }

    [Fact]
    public void Concurrent_callers_get_correct_vectors()
    {
        var cache = new CachingTextEncoder(new CountingEncoder(dimensions: 8), capacity: 16);
        var texts = Enumerable.Range(0, 64).Select(i => new string('x', i)).ToArray();

        Parallel.For(0, 2_000, i =>
        {
            var t = texts[i % texts.Length];
            Assert.Equal(1, cache.Encode(t)[t.Length % 8]);
        });

        Assert.True(cache.Count <= 16);
    }
}
