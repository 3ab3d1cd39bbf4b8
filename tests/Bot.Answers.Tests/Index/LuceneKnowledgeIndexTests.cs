using Bot.Answers.Index;
using Bot.Answers.Text;
using Bot.Knowledge.Model;

namespace Bot.Answers.Tests.Index;

public sealed class LuceneKnowledgeIndexTests : IDisposable
{
    private static readonly SynonymGroups Groups = new(
    [
        new SynonymGroup("botulinum toxin", ["botox", "injections"], new SourceLocation("test", 1)),
    ]);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hfs-lucene-tests-" + Guid.NewGuid().ToString("N"));
    private readonly KnowledgeAnalyzer _analyzer = new(Groups);

    private static IndexDocument Doc(string id, string questions, string answer) => new(id, questions, answer, "topic");

    private LuceneKnowledgeIndex Sample() => LuceneKnowledgeIndex.Build(
    [
        Doc("b", "Does botox help?", "Botulinum toxin injections relax the twitching muscles."),
        Doc("a", "What causes hemifacial spasm?", "An artery presses on the facial nerve."),
        Doc("c", "Does it continue while sleeping?", "Spasms often continue during sleep."),
    ], _analyzer);

    private List<string> Terms(string text) => _analyzer.Analyze(text).Select(t => t.Term).ToList();

    [Fact]
    public void Stemming_matches_other_forms_of_a_word()
    {
        using var index = Sample();
        Assert.Equal("c", index.Search(Terms("sleeps"), 5)[0].FactId);
        Assert.Equal("b", index.Search(Terms("twitches"), 5)[0].FactId);
    }

    [Fact]
    public void A_synonym_group_token_finds_the_fact_in_other_words()
    {
        using var index = Sample();
        Assert.Equal("b", index.Search([Groups.TokenOf(0)], 5)[0].FactId);
    }

    [Fact]
    public void A_match_in_the_questions_outranks_one_in_the_answer()
    {
        using var index = LuceneKnowledgeIndex.Build(
        [
            Doc("in-answer", "Something else entirely?", "The nerve is involved here."),
            Doc("in-question", "Which nerve is involved?", "Another text."),
        ], _analyzer);
        Assert.Equal("in-question", index.Search(Terms("nerve"), 5)[0].FactId);
    }

    [Theory]
    [InlineData("AND")]
    [InlineData("answer:botox")]
    [InlineData("*")]
    [InlineData("\"unbalanced")]
    [InlineData("a\"b")]
    public void Query_syntax_in_a_term_is_only_a_word(string term)
    {
        using var index = Sample();
        var hits = index.Search([term, "arteri"], 5);
        Assert.Equal("a", Assert.Single(hits).FactId);
    }

    [Fact]
    public void Results_are_deterministic_and_ties_go_in_fact_id_order()
    {
        using var index = LuceneKnowledgeIndex.Build([Doc("z", "equal wording", "x"), Doc("m", "equal wording", "x"), Doc("a", "equal wording", "x")], _analyzer);
        var first = index.Search(["equal"], 5).Select(h => h.FactId).ToArray();
        Assert.Equal(["a", "m", "z"], first);
        Assert.Equal(3, index.Count);
        Assert.Empty(index.Search([], 5));
        Assert.Empty(index.Search(["equal"], 0));
    }

    [Fact]
    public void The_speller_corrects_to_the_index_words_and_leaves_known_or_far_words_alone()
    {
        using var index = Sample();
        Assert.Equal("artery", index.Speller.Correct("artrey"));
        Assert.Equal("botulinum", index.Speller.Correct("botulinim"));
        Assert.Null(index.Speller.Correct("artery"));
        Assert.Null(index.Speller.Correct("sleeps"));
        Assert.Null(index.Speller.Correct("weather"));
        Assert.Null(index.Speller.Correct("xrtery"));
        Assert.Null(index.Speller.Correct("art"));
    }

    [Fact]
    public void A_saved_index_loads_with_its_metadata_and_the_same_results()
    {
        var path = Path.Combine(_dir, "index");
        using (var built = LuceneKnowledgeIndex.Build([Doc("a", "What causes it?", "An artery.")], _analyzer, metadata: new Dictionary<string, string> { ["knowledge"] = "abc" }))
        {
            built.Save(path);
            built.Save(path);
        }

        using var loaded = LuceneKnowledgeIndex.Load(path, Groups);
        Assert.Equal(1, loaded.Count);
        Assert.Equal("abc", loaded.Metadata["knowledge"]);
        Assert.Equal(LuceneKnowledgeIndex.FormatVersion, loaded.Metadata["format"]);
        Assert.Equal("a", loaded.Search(["arteri"], 5)[0].FactId);
    }

    [Fact]
    public void A_missing_or_foreign_directory_is_refused_and_a_foreign_one_is_not_overwritten()
    {
        Assert.Throws<FileNotFoundException>(() => LuceneKnowledgeIndex.Load(Path.Combine(_dir, "missing"), Groups));
        var foreign = Path.Combine(_dir, "foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "not an index");
        Assert.Throws<InvalidDataException>(() => LuceneKnowledgeIndex.Load(foreign, Groups));
        using var index = Sample();
        Assert.Throws<IOException>(() => index.Save(foreign));
        Assert.True(File.Exists(Path.Combine(foreign, "notes.txt")));
    }

    [Fact]
    public void Duplicate_fact_ids_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => LuceneKnowledgeIndex.Build([Doc("a", "x", "y"), Doc("a", "x", "y")], _analyzer));
    }

    public void Dispose()
    {
        _analyzer.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
