using Bot.Answers.Text;

namespace Bot.Answers.Tests.Text;

public sealed class ChatSpeakTests
{
    [Theory]
    [InlineData("wat is hemifacial spasm", "what is hemifacial spasm")]
    [InlineData("botox hw long it last", "botox how long it last")]
    [InlineData("wot age do ppl get hfs n is it more in women", "what age do people get hfs and is it more in women")]
    public void Chat_spellings_are_written_out(string text, string expected)
    {
        Assert.Equal(expected, ChatSpeak.Expand(text));
    }

    [Theory]
    [InlineData("what is hemifacial spasm?")]
    [InlineData("is hfs the same as mvd? hwx")]
    [InlineData("unusual twitching near my eyebrow")]
    [InlineData("je n'ai jamais eu ca")]
    [InlineData("a bout of spasms, mild ptosis r")]
    public void Words_that_are_not_chat_spellings_are_left_alone(string text)
    {
        Assert.Same(text, ChatSpeak.Expand(text));
    }
}
