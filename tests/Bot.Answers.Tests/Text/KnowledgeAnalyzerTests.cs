using Bot.Answers.Query;
using Bot.Answers.Text;
using Bot.Knowledge.Model;

namespace Bot.Answers.Tests.Text;

public sealed class KnowledgeAnalyzerTests : IDisposable
{
    private static readonly SynonymGroups Groups = new(
    [
        new SynonymGroup("spasm", ["spasms", "twitch", "twitching"], new SourceLocation("test", 1)),
        new SynonymGroup("eye", ["eyelid", "eyelids"], new SourceLocation("test", 2)),
        new SynonymGroup("myokymia", ["eyelid twitch", "eyelid twitching"], new SourceLocation("test", 3)),
        new SynonymGroup("face", ["side of the face", "facial"], new SourceLocation("test", 4)),
        new SynonymGroup("bell's palsy", ["bells palsy"], new SourceLocation("test", 5)),
    ]);

    private readonly KnowledgeAnalyzer _analyzer = new(Groups);

    private List<string> Terms(string text) => _analyzer.Analyze(text).Select(t => t.Term).ToList();

    [Fact]
    public void Words_are_lower_cased_folded_and_stemmed_and_stop_words_dropped()
    {
        Assert.Equal(["surgeri", "work", "patient"], Terms("Does the SURGERY work for patients?"));
        Assert.Equal(["cafe", "naiv"], Terms("café naïve"));
    }

    [Fact]
    public void A_synonym_phrase_adds_its_group_token_spanning_the_phrase()
    {
        var terms = _analyzer.Analyze("twitching on one side of the face");
        var face = Assert.Single(terms, t => t.Term == Groups.TokenOf(3));
        Assert.True(face.IsGroup);
        Assert.Equal(4, face.Span);
        Assert.Contains(terms, t => t.Term == Groups.TokenOf(0) && t.Span == 1);
        Assert.Contains(terms, t => t.Term == "twitch");
    }

    [Fact]
    public void A_phrase_containing_other_groups_phrases_adds_its_own_group_first_then_theirs()
    {
        var groups = _analyzer.Analyze("eyelid twitch").Where(t => t.IsGroup).Select(t => t.Term).ToList();
        Assert.Equal([Groups.TokenOf(2), Groups.TokenOf(0), Groups.TokenOf(1)], groups);
    }

    [Fact]
    public void Possessives_are_dropped_so_both_spellings_meet()
    {
        Assert.Contains(Groups.TokenOf(4), Terms("bell's palsy"));
        Assert.Contains(Groups.TokenOf(4), Terms("bells palsy"));
    }

    [Fact]
    public void Group_tokens_are_not_stemmed_and_query_syntax_is_only_words()
    {
        // Every term is a literal word (the index never parses query syntax); UAX #29 keeps "a:b" one word.
        Assert.All(Terms("spasm AND or NOT \"near( answer:botox * ^"), t => Assert.Matches("^[a-z0-9:]+$", t));
        Assert.Contains(Groups.TokenOf(0), Terms("spasms"));
    }

    [Fact]
    public void Chat_filler_and_lucene_english_stop_words_are_both_stop_words()
    {
        Assert.Contains("the", (ISet<string>)KnowledgeAnalyzer.StopWords);
        Assert.Contains("please", (ISet<string>)KnowledgeAnalyzer.StopWords);
        Assert.Empty(Terms("please could you tell me"));
    }

    [Fact]
    public void A_speller_corrects_words_before_synonyms_are_matched()
    {
        using var spelling = _analyzer.WithSpeller(new FixedSpeller());
        var terms = spelling.Analyze("twiching");
        Assert.Contains(terms, t => t.Term == Groups.TokenOf(0));
        Assert.Contains(terms, t => t.Term == "twitch" && t.Corrected);
    }

    [Fact]
    public void The_query_analysis_marks_inner_groups_optional_and_keeps_numbers_out_of_the_units()
    {
        using var spelling = _analyzer.WithSpeller(new FixedSpeller());
        var q = new QueryAnalyzer(spelling).Analyze("eyelid twitching for 25 years");
        Assert.Contains(q.Units, u => u.Key == Groups.TokenOf(2) && !u.Optional && u.Alternatives.Contains("eyelid"));
        Assert.Contains(q.Units, u => u.Key == Groups.TokenOf(0) && u.Optional);
        Assert.Contains("25", q.SearchTerms);
        Assert.DoesNotContain(q.Units, u => u.Key == "25");
        Assert.DoesNotContain(q.Units, u => u.Key == "eyelid");
    }

    private sealed class FixedSpeller : ISpeller
    {
        public string? Correct(string word) => word == "twiching" ? "twitching" : null;

        public bool IsKnown(string word) => word == "twitching";
    }

    public void Dispose() => _analyzer.Dispose();
}
