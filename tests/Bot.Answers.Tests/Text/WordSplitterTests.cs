using Bot.Answers.Text;

namespace Bot.Answers.Tests.Text;

public sealed class WordSplitterTests
{
    private static readonly HashSet<string> Vocabulary = ["causes", "hemifacial", "spasm", "botox", "injection", "surgery", "twitching", "face", "thing", "hope", "less", "every", "pain", "full"];

    private static readonly HashSet<string> Subject = ["hemifacial", "spasm", "botox", "injection", "surgery", "face"];

    private readonly WordSplitter _splitter = new(new VocabularySpeller(), Subject.Contains);

    [Theory]
    [InlineData("whatcauseshemifacialspasm", "what causes hemifacial spasm")]
    [InlineData("is botoxinjection safe?", "is botox injection safe?")]
    [InlineData("hemifacialspasm surgery", "hemifacial spasm surgery")]
    public void Words_written_together_are_split_into_the_index_words(string text, string expected)
    {
        Assert.Equal(expected, _splitter.Split(text));
    }

    [Theory]
    [InlineData("what causes hemifacial spasm?")]
    [InlineData("carbamazapine for twitching")]
    [InlineData("facebook")]
    [InlineData("botoxes")]
    [InlineData("hemifacial2spasm")]
    [InlineData("everything feels hopeless")]
    [InlineData("is the botox painfull")]
    public void Known_words_short_words_and_words_that_do_not_split_wholly_are_left_as_written(string text)
    {
        Assert.Same(text, _splitter.Split(text));
    }

    private sealed class VocabularySpeller : ISpeller
    {
        public string? Correct(string word) => word == "painfull" ? "painful" : null;

        public bool IsKnown(string word) => Vocabulary.Contains(word);
    }
}
