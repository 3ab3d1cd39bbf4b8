using Bot.Host.Bot;
using Bot.Protocol.Schema;

namespace Bot.Host.Tests.Bot;

public class MentionTextTests
{
    [Theory]
    [InlineData("<at>Bot</at> what is HFS?", "what is HFS?")]
    [InlineData("what is HFS <at>Bot</at>", "what is HFS")]
    [InlineData("<at id=\"0\">Bot</at>&nbsp;is it rare?", "is it rare?")]
    [InlineData("ask <at>Ada</at> later", "ask Ada later")]
    [InlineData("no mention here", "no mention here")]
    [InlineData("<AT>bot</AT>   spaced    out  ", "spaced out")]
    public void The_bots_mention_is_removed_and_others_keep_their_names(string text, string expected)
    {
        var activity = new Activity { Type = "message", Text = text, Recipient = new ChannelAccount("28:app", "Bot") };

        Assert.Equal(expected, MentionText.RemoveRecipientMention(activity));
    }
}
