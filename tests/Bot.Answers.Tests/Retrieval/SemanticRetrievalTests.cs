using Bot.Answers.Retrieval;
using Bot.Answers.Semantic;
using Bot.Answers.Tests.Semantic;

namespace Bot.Answers.Tests.Retrieval;

/// <summary>
/// The semantic layer beside the Lucene index, on the small test knowledge with the real MiniLM model:
/// phrasings and claims embedded once (and cached on disk), the turn's embedding fused with the words.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SemanticRetrievalTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "semantic-retrieval-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    private AnswerEngine Engine(ITextEncoder? encoder) =>
        new(TestKnowledge.Create(), new AnswerEngineOptions { Semantic = { Enabled = encoder is not null, CacheDirectory = _cache } }, index: null, encoder);

    [Fact]
    public void Every_phrasing_and_claim_is_embedded_once_and_read_from_the_cache_at_the_next_start()
    {
        var knowledge = TestKnowledge.Create();
        var counting = new CountingEncoder(dimensions: 8);
        var first = SemanticIndex.Build(knowledge, counting, _cache);
        var calls = counting.Calls;
        var second = SemanticIndex.Build(knowledge, counting, _cache);

        Assert.Equal(knowledge.Facts.Sum(f => f.Questions.Count + f.Claims.Count), first.Count);
        Assert.Equal(first.Count, calls);
        Assert.Equal(calls, counting.Calls);
        Assert.Equal(first.Count, second.Count);
    }

    [Fact]
    public void The_closest_fact_in_meaning_comes_first_and_every_fact_gets_a_similarity()
    {
        var knowledge = TestKnowledge.Create();
        var index = SemanticIndex.Build(knowledge, SharedEncoder.Instance, _cache);
        var hits = index.Search(SharedEncoder.Instance.Encode("an operation that moves the artery off the nerve"));

        Assert.Equal(knowledge.Facts.Count, hits.Count);
        var best = knowledge.Facts.Single(f => f.Id == hits[0].FactId);
        Assert.True(best.IsSurgical, $"best {hits[0].FactId} {hits[0].Similarity:F3}");
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity));
        Assert.Throws<ArgumentException>(() => index.Search(new float[3]));
    }

    [Fact]
    public void Semantic_mode_scores_candidates_with_their_similarity_and_lexical_mode_does_not()
    {
        using var lexical = Engine(null);
        using var semantic = Engine(SharedEncoder.Instance);
        const string message = "what causes hemifacial spasm";

        var l = lexical.Retriever.Retrieve(message);
        var s = semantic.Retriever.Retrieve(message, SharedEncoder.Instance.Encode(message));

        Assert.False(lexical.Retriever.IsSemantic);
        Assert.True(semantic.Retriever.IsSemantic);
        Assert.All(l.Ranked, r => Assert.Null(r.Semantic));
        Assert.All(s.Ranked, r => Assert.NotNull(r.Semantic));
        Assert.Equal(l.Accepted[0].Fact.Id, s.Accepted[0].Fact.Id);
        Assert.Equal(AnswerKind.Fact, semantic.Answer(new Question(message)).Kind);
    }

    [Fact]
    public void A_fact_whose_meaning_is_far_from_the_message_is_not_accepted_in_semantic_mode_however_many_words_match()
    {
        using var semantic = new AnswerEngine(TestKnowledge.Create(),
            new AnswerEngineOptions { SemanticFloor = 0.99, Semantic = { Enabled = true, CacheDirectory = _cache } }, index: null, SharedEncoder.Instance);
        const string message = "what causes hemifacial spasm";

        var s = semantic.Retriever.Retrieve(message, SharedEncoder.Instance.Encode(message));

        Assert.Empty(s.Accepted);
        Assert.NotEmpty(s.Ranked);
    }

    [Fact]
    public void An_encoder_there_only_for_the_triage_bank_leaves_retrieval_lexical()
    {
        using var engine = new AnswerEngine(TestKnowledge.Create(),
            new AnswerEngineOptions { Semantic = { Enabled = false, CacheDirectory = _cache }, Triage = { UseExampleBank = true } }, index: null, SharedEncoder.Instance);

        Assert.Null(engine.Semantic);
        Assert.False(engine.Retriever.IsSemantic);
    }

    [Fact]
    public void Semantic_settings_out_of_range_are_rejected_at_start()
    {
        Assert.Throws<ArgumentException>(() => new AnswerEngineOptions { SemanticWeight = 1.5 }.Validate());
        Assert.Throws<ArgumentException>(() => new AnswerEngineOptions { SemanticAccept = 2 }.Validate());
        Assert.Throws<ArgumentException>(() => new AnswerEngineOptions { SemanticFloor = -2 }.Validate());
        Assert.Throws<ArgumentException>(() => new AnswerEngineOptions { SemanticCandidates = -1 }.Validate());
    }
}
