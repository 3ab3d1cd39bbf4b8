using Bot.Answers.Query;

namespace Bot.Answers.Tests.Query;

public class TypoCorrectorTests
{
    private static readonly TypoCorrector Corrector = new(new Dictionary<string, int>
    {
        ["spasm"] = 10, ["symptoms"] = 5, ["decompression"] = 4, ["effective"] = 3, ["hemifacial"] = 20,
        ["botulinum"] = 6, ["treatment"] = 8, ["twitching"] = 9, ["surgery"] = 4, ["causes"] = 3, ["cause"] = 5,
    });

    [Theory]
    [InlineData("spazm", "spasm")]
    [InlineData("symptons", "symptoms")]
    [InlineData("decompresion", "decompression")]
    [InlineData("efective", "effective")]
    [InlineData("hemifacal", "hemifacial")]
    [InlineData("hemifacail", "hemifacial")]
    [InlineData("botulinim", "botulinum")]
    [InlineData("tretment", "treatment")]
    public void A_misspelt_word_within_a_small_distance_is_corrected(string typo, string expected)
    {
        Assert.Equal(expected, Corrector.Correct(typo));
    }

    [Theory]
    [InlineData("spasm")]
    [InlineData("australia")]
    [InlineData("weather")]
    [InlineData("capital")]
    [InlineData("pasm")]
    [InlineData("xpasm")]
    public void Known_unrelated_or_first_letter_changed_words_are_left_alone(string word)
    {
        Assert.Null(Corrector.Correct(word));
    }

    [Fact]
    public void Words_shorter_than_four_letters_are_never_corrected()
    {
        Assert.Null(Corrector.Correct("spa"));
    }

    [Fact]
    public void Ties_go_to_the_more_frequent_word()
    {
        var c = new TypoCorrector(new Dictionary<string, int> { ["cure"] = 1, ["care"] = 9 });
        Assert.Equal("care", c.Correct("cxre"));
    }

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("spasm", "spazm", 1)]
    [InlineData("spasm", "psasm", 1)]
    [InlineData("decompression", "decompresion", 1)]
    [InlineData("abc", "xyz", -1)]
    public void Distance_is_optimal_string_alignment_bounded_by_max(string a, string b, int expected)
    {
        Assert.Equal(expected, TypoCorrector.Distance(a, b, 2));
    }
}

public class QueryAnalyzerTests
{
    private static readonly QueryAnalyzer Analyzer = QueryAnalyzer.Create(TestKnowledge.Create());

    [Fact]
    public void Lay_words_become_synonym_groups_and_stop_words_are_dropped()
    {
        var q = Analyzer.Analyze("can you tell me if botox helps the twitching");
        Assert.Contains(q.Units, u => u.IsConcept && Analyzer.Concepts.Canonicals[int.Parse(u.Key[4..], System.Globalization.CultureInfo.InvariantCulture)] == "botulinum toxin");
        Assert.Contains(q.Units, u => u.IsConcept && Analyzer.Concepts.Canonicals[int.Parse(u.Key[4..], System.Globalization.CultureInfo.InvariantCulture)] == "spasm");
        Assert.DoesNotContain(q.Units, u => u.Key is "can" or "you" or "tell" or "me" or "the");
    }

    [Fact]
    public void Misspelt_words_are_corrected_before_synonyms_are_matched()
    {
        var q = Analyzer.Analyze("botox for twiching");
        Assert.Contains(new Correction("twiching", "twitching"), q.Corrections);
    }

    [Fact]
    public void A_word_split_in_two_is_joined_when_the_facts_use_the_whole_word()
    {
        var q = Analyzer.Analyze("what is hemi facial spasm");
        Assert.Contains("hemifacial", q.Tokens);
    }

    [Fact]
    public void Query_syntax_becomes_plain_search_terms()
    {
        var q = Analyzer.Analyze("spasm and or not \"near( answer:botox * ^");
        Assert.All(q.SearchTerms, t => Assert.Matches("^[a-z0-9]+$", t));
    }

    [Fact]
    public void Numbers_are_searched_but_are_not_units_of_meaning()
    {
        var q = Analyzer.Analyze("botox 25 times");
        Assert.Contains("25", q.SearchTerms);
        Assert.DoesNotContain(q.Units, u => u.Key == "25");
    }
}
