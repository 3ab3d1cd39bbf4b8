using Bot.Answers.Text;

namespace Bot.Answers.Tests.Text;

public class PorterStemmerTests
{
    [Theory]
    [InlineData("twitching", "twitch")]
    [InlineData("twitches", "twitch")]
    [InlineData("spasms", "spasm")]
    [InlineData("decompression", "decompress")]
    [InlineData("symptoms", "symptom")]
    [InlineData("injections", "inject")]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("relational", "relat")]
    [InlineData("happy", "happi")]
    [InlineData("hopping", "hop")]
    [InlineData("generalization", "gener")]
    [InlineData("effective", "effect")]
    public void Words_reduce_to_their_porter_stems(string word, string stem)
    {
        Assert.Equal(stem, PorterStemmer.Stem(word));
    }

    [Theory]
    [InlineData("is")]
    [InlineData("mri")]
    [InlineData("b12")]
    [InlineData("痉挛")]
    public void Short_or_non_ascii_words_are_unchanged(string word)
    {
        Assert.Equal(word, PorterStemmer.Stem(word));
    }
}
