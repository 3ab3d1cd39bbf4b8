using Bot.Answers.Index;

namespace Bot.Answers.Tests.Index;

public sealed class CachedKnowledgeIndexTests
{
    /// <summary>An index that counts its searches and answers with hits derived from the terms.</summary>
    private sealed class CountingIndex : IKnowledgeIndex
    {
        public int Searches { get; private set; }

        public bool Disposed { get; private set; }

        public int Count => 3;

        public Bot.Answers.Text.ISpeller Speller { get; } = new NoSpeller();

        public IReadOnlyList<SearchHit> Search(IReadOnlyList<string> terms, int limit)
        {
            Searches++;
            return terms.Take(limit).Select((t, i) => new SearchHit("fact-" + t, 10 - i)).ToList();
        }

        public void Dispose() => Disposed = true;
    }

    private sealed class NoSpeller : Bot.Answers.Text.ISpeller
    {
        public string? Correct(string word) => null;

        public bool IsKnown(string word) => false;
    }

    [Fact]
    public void A_repeated_search_is_answered_from_the_cache_with_the_same_hits()
    {
        var inner = new CountingIndex();
        using var cached = new CachedKnowledgeIndex(inner, 16);

        var first = cached.Search(["botox", "spasm"], 5);
        var second = cached.Search(["botox", "spasm"], 5);

        Assert.Equal(1, inner.Searches);
        Assert.Equal(inner.Search(["botox", "spasm"], 5), second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Other_terms_another_order_or_another_limit_are_searched_anew()
    {
        var inner = new CountingIndex();
        using var cached = new CachedKnowledgeIndex(inner, 16);

        cached.Search(["botox", "spasm"], 5);
        cached.Search(["spasm", "botox"], 5);
        cached.Search(["botox"], 5);
        var limited = cached.Search(["botox", "spasm"], 1);

        Assert.Equal(4, inner.Searches);
        Assert.Single(limited);
    }

    [Fact]
    public void Terms_that_would_join_to_the_same_text_are_kept_apart()
    {
        var inner = new CountingIndex();
        using var cached = new CachedKnowledgeIndex(inner, 16);

        var one = cached.Search(["ab", "c"], 5);
        var other = cached.Search(["a", "bc"], 5);

        Assert.Equal(2, inner.Searches);
        Assert.NotEqual(one, other);
    }

    [Fact]
    public void The_cache_never_holds_more_searches_than_its_capacity()
    {
        using var cached = new CachedKnowledgeIndex(new CountingIndex(), 4);

        for (var i = 0; i < 50; i++)
        {
            cached.Search(["term" + i], 5);
            Assert.InRange(cached.CachedSearches, 1, 4);
        }
    }

    [Fact]
    public void Cached_hits_cannot_be_changed_by_a_caller()
    {
        using var cached = new CachedKnowledgeIndex(new CountingIndex(), 4);
        var hits = cached.Search(["botox"], 5);

        var asList = Assert.IsAssignableFrom<IList<SearchHit>>(hits);
        Assert.Throws<NotSupportedException>(() => asList[0] = new SearchHit("tampered", 99));
        Assert.Equal("fact-botox", cached.Search(["botox"], 5)[0].FactId);
    }

    [Fact]
    public void Disposing_the_cache_leaves_the_wrapped_index_to_its_owner()
    {
        var inner = new CountingIndex();
        var cached = new CachedKnowledgeIndex(inner, 4);
        cached.Search(["botox"], 5);

        cached.Dispose();

        Assert.False(inner.Disposed);
        Assert.Equal(0, cached.CachedSearches);
    }

    [Fact]
    public void A_capacity_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachedKnowledgeIndex(new CountingIndex(), 0));
    }

    [Theory]
    [InlineData("What causes hemifacial spasm?")]
    [InlineData("does botox help with the twitching")]
    [InlineData("What causes it? And does botox help?")]
    [InlineData("tell me about the weather")]
    [InlineData("hello")]
    public void An_engine_with_the_search_cache_answers_exactly_as_one_without(string question)
    {
        using var uncached = new AnswerEngine(TestKnowledge.Create(), new AnswerEngineOptions { SearchCacheSize = 0 });
        using var cached = new AnswerEngine(TestKnowledge.Create(), new AnswerEngineOptions { SearchCacheSize = 64 });

        var expected = uncached.Answer(new Question(question));
        for (var i = 0; i < 3; i++)
        {
            var answer = cached.Answer(new Question(question));
            Assert.Equal(expected.Kind, answer.Kind);
            Assert.Equal(expected.Text, answer.Text);
            Assert.Equal(expected.FactIds, answer.FactIds);
            Assert.Equal(expected.Score, answer.Score);
            Assert.Equal(expected.FollowUps, answer.FollowUps);
        }
    }

    [Fact]
    public void A_negative_search_cache_size_is_rejected_at_start()
    {
        var e = Assert.Throws<ArgumentException>(() => new AnswerEngine(TestKnowledge.Create(), new AnswerEngineOptions { SearchCacheSize = -1 }));
        Assert.Contains("SearchCacheSize", e.Message, StringComparison.Ordinal);
    }
}
