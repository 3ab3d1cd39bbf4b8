using Bot.Answers.Index;

namespace Bot.Answers.Tests.Index;

public sealed class SqliteFtsIndexTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hfs-index-tests-" + Guid.NewGuid().ToString("N"));

    private static IndexDocument Doc(string id, string questions, string answer) => new(id, questions, answer, "topic", "", "");

    private static SqliteFtsIndex Sample() => SqliteFtsIndex.Build(
    [
        Doc("b", "Does botox help?", "Botulinum toxin injections relax the twitching muscles."),
        Doc("a", "What causes hemifacial spasm?", "An artery presses on the facial nerve."),
        Doc("c", "Does it continue while sleeping?", "Spasms often continue during sleep."),
    ]);

    [Fact]
    public void Porter_stemming_matches_other_forms_of_a_word()
    {
        using var index = Sample();
        Assert.Equal("c", index.Search(["sleeps"], 5)[0].FactId);
        Assert.Equal("b", index.Search(["twitches"], 5)[0].FactId);
    }

    [Fact]
    public void A_match_in_the_questions_column_outranks_one_in_the_answer()
    {
        using var index = SqliteFtsIndex.Build(
        [
            Doc("in-answer", "Something else entirely?", "The nerve is involved here."),
            Doc("in-question", "Which nerve is involved?", "Another text."),
        ]);
        Assert.Equal("in-question", index.Search(["nerve"], 5)[0].FactId);
    }

    [Theory]
    [InlineData("AND")]
    [InlineData("OR")]
    [InlineData("NEAR(")]
    [InlineData("\"unbalanced")]
    [InlineData("answer:botox")]
    [InlineData("*")]
    [InlineData("^nothing")]
    [InlineData("NOT")]
    [InlineData("a\"b")]
    public void Query_syntax_in_a_term_is_only_a_word(string term)
    {
        using var index = Sample();
        var hits = index.Search([term, "artery"], 5);
        Assert.Equal("a", Assert.Single(hits).FactId);
    }

    [Fact]
    public void Results_are_deterministic_and_ties_go_in_fact_id_order()
    {
        using var index = SqliteFtsIndex.Build([Doc("z", "same words", "x"), Doc("m", "same words", "x"), Doc("a", "same words", "x")]);
        var first = index.Search(["same"], 5).Select(h => h.FactId).ToArray();
        Assert.Equal(["a", "m", "z"], first);
        Assert.Equal(first, index.Search(["same"], 5).Select(h => h.FactId).ToArray());
    }

    [Fact]
    public void Scores_are_positive_and_best_first()
    {
        using var index = Sample();
        var hits = index.Search(["botox", "spasm"], 5);
        Assert.All(hits, h => Assert.True(h.Score > 0));
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void No_terms_or_no_match_gives_no_hits()
    {
        using var index = Sample();
        Assert.Empty(index.Search([], 5));
        Assert.Empty(index.Search(["australia"], 5));
    }

    [Fact]
    public void A_saved_index_loads_with_the_same_results_and_metadata()
    {
        var path = Path.Combine(_dir, "index.db");
        using (var built = SqliteFtsIndex.Build([Doc("a", "What causes it?", "An artery.")], metadata: new Dictionary<string, string> { ["knowledge"] = "abc" }))
        {
            built.Save(path);
        }

        using var loaded = SqliteFtsIndex.Load(path);
        Assert.Equal(1, loaded.Count);
        Assert.Equal("abc", loaded.Metadata["knowledge"]);
        Assert.Equal("a", loaded.Search(["artery"], 5)[0].FactId);
    }

    [Fact]
    public void Loading_a_file_that_is_not_an_index_fails_clearly()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "junk.db");
        File.WriteAllText(path, "this is not sqlite");
        var e = Assert.Throws<InvalidDataException>(() => SqliteFtsIndex.Load(path));
        Assert.Contains("not a knowledge index", e.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => SqliteFtsIndex.Load(Path.Combine(_dir, "missing.db")));
    }

    [Fact]
    public void Duplicate_fact_ids_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SqliteFtsIndex.Build([Doc("a", "x", "y"), Doc("a", "x", "y")]));
    }

    [Fact]
    public void Concurrent_searches_return_the_same_results_as_a_single_one()
    {
        using var index = Sample();
        var expected = index.Search(["spasm", "botox", "sleep"], 5);
        var results = new IReadOnlyList<SearchHit>[200];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = index.Search(["spasm", "botox", "sleep"], 5));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
