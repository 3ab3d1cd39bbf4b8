using System.Text.RegularExpressions;
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
    [InlineData("<at>Bot</at> ask <at>Ada</at> and <at>Bo</at> too", "ask Ada and Bo too")]
    [InlineData("<at>Bot</at> <at unclosed", "<at unclosed")]
    public void The_bots_mention_is_removed_and_others_keep_their_names(string text, string expected)
    {
        var activity = new Activity { Type = "message", Text = text, Recipient = new ChannelAccount("28:app", "Bot") };

        Assert.Equal(expected, MentionText.RemoveRecipientMention(activity));
    }

    [Fact]
    public void The_patterns_over_user_text_run_on_the_linear_time_engine()
    {
        Assert.True(MentionText.AtTag().Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.True(MentionText.Whitespace().Options.HasFlag(RegexOptions.NonBacktracking));
    }

    [Theory]
    [InlineData("<at ")]
    [InlineData("<at>")]
    [InlineData("<at x>\t ")]
    public void An_adversarial_20_KB_message_of_unclosed_mention_tags_is_read_whole(string unit)
    {
        // Thousands of openings without a closing tag: quadratic for a backtracking engine, linear here.
        var attack = string.Concat(Enumerable.Repeat(unit, 20_000 / unit.Length));
        var text = "<at>Bot</at> " + attack + " what is HFS?";
        var activity = new Activity { Type = "message", Text = text, Recipient = new ChannelAccount("28:app", "Bot") };

        var result = MentionText.RemoveRecipientMention(activity);

        Assert.True(text.Length >= 20_000);
        Assert.EndsWith("what is HFS?", result, StringComparison.Ordinal);
        Assert.DoesNotContain("Bot", result, StringComparison.Ordinal);
        Assert.StartsWith("<at", result, StringComparison.Ordinal);
    }
}
