using Bot.Answers.Text;

namespace Bot.Answers.Tests.Text;

public class TextNormalizerTests
{
    [Fact]
    public void Full_width_letters_become_plain_lower_case_ascii()
    {
        Assert.Equal("hemifacial spasm", TextNormalizer.Normalize("ＨＥＭＩＦＡＣＩＡＬ　Ｓｐａｓｍ", 100).Text);
    }

    [Fact]
    public void Teams_mentions_are_removed_with_their_content()
    {
        Assert.Equal("what causes it?", TextNormalizer.Normalize("<at>HFS Bot</at> what causes it?", 100).Text);
    }

    [Fact]
    public void Html_tags_entities_and_markdown_are_stripped()
    {
        var n = TextNormalizer.Normalize("<p>What is <b>**HFS**</b> &amp; [botox](https://example.org/x)?</p>", 200);
        Assert.Equal("what is hfs & botox?", n.Text);
    }

    [Fact]
    public void Urls_are_removed()
    {
        Assert.Equal("see", TextNormalizer.Normalize("see https://pharmacy.example/buy?x=1", 100).Text);
    }

    [Fact]
    public void Whitespace_and_control_characters_collapse_to_single_spaces()
    {
        Assert.Equal("a b c", TextNormalizer.Normalize("  a\t\r\n b\u0000\u200B  c  ", 100).Text);
    }

    [Fact]
    public void Typographic_apostrophes_and_accents_become_plain()
    {
        Assert.Equal("bell's palsy cafe", TextNormalizer.Normalize("Bell’s palsy café", 100).Text);
    }

    [Fact]
    public void Non_latin_scripts_are_kept()
    {
        Assert.Equal("半面痉挛 причина", TextNormalizer.Normalize("半面痉挛 Причина", 100).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("<at>Bot</at>")]
    public void Empty_or_blank_input_is_empty(string? raw)
    {
        Assert.True(TextNormalizer.Normalize(raw, 100).IsEmpty);
    }

    [Fact]
    public void Long_text_is_capped_at_a_word_boundary_and_marked_truncated_while_the_full_text_is_kept()
    {
        var raw = string.Join(' ', Enumerable.Repeat("twitching", 100));
        var n = TextNormalizer.Normalize(raw, 50);
        Assert.True(n.Truncated);
        Assert.True(n.Text.Length <= 50);
        Assert.EndsWith("twitching", n.Text, StringComparison.Ordinal);
        Assert.Equal(raw.Length, n.Full.Length);
    }

    [Fact]
    public void Short_text_is_not_truncated()
    {
        Assert.False(TextNormalizer.Normalize("what is hfs", 50).Truncated);
    }
}
