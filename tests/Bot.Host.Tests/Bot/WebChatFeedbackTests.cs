using Bot.Host.Bot;
using Bot.Host.Feedback;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Bot;

/// <summary>Votes from Web Chat's own thumbs buttons (the <c>webchat:activity-status/feedback</c> event), and comments.</summary>
public sealed class WebChatFeedbackTests
{
    private static Dictionary<string, object?> VoteEvent(string type, object? rated)
    {
        var vote = Activities.Of("event");
        vote["name"] = AnswerRenderer.WebChatFeedbackEvent;
        var action = new Dictionary<string, object?> { ["@type"] = type, ["actionStatus"] = "PotentialActionStatus" };
        if (rated is not null)
        {
            action["object"] = rated;
        }

        vote["entities"] = new object[] { action };
        return vote;
    }

    private static Dictionary<string, object?> Rated => new() { ["@type"] = "Answer", ["additionalType"] = "Fact", ["identifier"] = new[] { "hfs-what", "hfs-cause" } };

    [Theory]
    [InlineData("LikeAction", FeedbackRating.Up)]
    [InlineData("DislikeAction", FeedbackRating.Down)]
    public async Task A_thumbs_vote_is_stored_with_the_rated_answers_fact_ids_and_gets_no_reply(string type, FeedbackRating rating)
    {
        using var host = new BotHost();

        await host.PostActivityAsync(VoteEvent(type, Rated));

        var stored = Assert.Single(await host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
        Assert.Equal(rating, stored.Rating);
        Assert.Equal(["hfs-what", "hfs-cause"], stored.FactIds);
        Assert.Equal("Fact", stored.AnswerKind);
        Assert.Null(stored.Comment);
        Assert.Empty(host.Network.SentActivities);
    }

    [Fact]
    public async Task An_event_that_is_not_a_vote_is_ignored()
    {
        using var host = new BotHost();

        await host.PostActivityAsync(VoteEvent("ShareAction", Rated));

        Assert.Empty(await host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
    }

    [Fact]
    public async Task With_comments_allowed_a_vote_is_followed_by_one_comment_card_whose_comment_is_stored()
    {
        using var host = new BotHost(settings: new() { ["Feedback:AllowComments"] = "true" });

        await host.PostActivityAsync(VoteEvent("DislikeAction", Rated));

        var card = Assert.Single(host.Network.SentActivities).GetProperty("attachments")[0].GetProperty("content");
        var send = Assert.Single(Json.CardActions(card));
        Assert.Equal("Action.Submit", send.Type);
        var submit = Activities.Message("");
        submit.Remove("text");
        var data = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(send.Element.GetProperty("data").GetRawText())!;
        data[CardSubmit.CommentInputId] = "the answer missed surgery risks";
        submit["value"] = data;
        await host.PostActivityAsync(submit);

        var entries = await host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default);
        Assert.Equal(2, entries.Count);
        Assert.Contains(entries, e => e.Comment == "the answer missed surgery risks" && e.Rating == FeedbackRating.Down && e.FactIds.SequenceEqual(["hfs-what", "hfs-cause"]));
    }

    [Fact]
    public async Task Without_comments_allowed_a_card_comment_is_not_stored()
    {
        using var host = new BotHost();
        var submit = Activities.Message("");
        submit.Remove("text");
        submit["value"] = new Dictionary<string, object?> { ["action"] = "feedback", ["rating"] = "up", ["factIds"] = new[] { "hfs-what" }, [CardSubmit.CommentInputId] = "my name is Ada" };

        await host.PostActivityAsync(submit);

        Assert.Null(Assert.Single(await host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default)).Comment);
    }
}
