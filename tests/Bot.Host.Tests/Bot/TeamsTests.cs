using System.Net;
using System.Text.Json;
using Bot.Host.Feedback;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Bot;

/// <summary>Teams specifics: mentions, citations, the feedback loop, 1:1 and group chats, invokes.</summary>
public sealed class TeamsTests : IDisposable
{
    private readonly BotHost _host = new();

    private static Dictionary<string, object?> TeamsMessage(string text, bool group = false, string id = "1732250000000")
    {
        var a = Activities.Message(text, "msteams", BotHost.TeamsServiceUrl, group ? "19:abc@thread.v2" : "a:1xyz", id);
        a["recipient"] = new Dictionary<string, object?> { ["id"] = "28:app", ["name"] = "HFS Bot" };
        a["conversation"] = group
            ? new Dictionary<string, object?> { ["id"] = "19:abc@thread.v2", ["isGroup"] = true, ["conversationType"] = "groupChat", ["tenantId"] = "t1" }
            : new Dictionary<string, object?> { ["id"] = "a:1xyz", ["conversationType"] = "personal", ["tenantId"] = "t1" };
        a["channelData"] = new Dictionary<string, object?> { ["tenant"] = new Dictionary<string, object?> { ["id"] = "t1" } };
        return a;
    }

    [Fact]
    public async Task The_bot_mention_is_removed_before_answering()
    {
        var message = TeamsMessage("<at>HFS Bot</at> what causes it?", group: true);
        message["entities"] = new object[]
        {
            new Dictionary<string, object?> { ["type"] = "mention", ["text"] = "<at>HFS Bot</at>", ["mentioned"] = new Dictionary<string, object?> { ["id"] = "28:app", ["name"] = "HFS Bot" } },
        };

        await _host.PostActivityAsync(message);

        Assert.Equal("what causes it?", Assert.Single(_host.Engine.Questions).Text);
    }

    [Fact]
    public async Task Mentions_of_other_people_keep_their_names()
    {
        await _host.PostActivityAsync(TeamsMessage("<at>HFS Bot</at> my friend <at>Ada</at> has a twitch"));

        Assert.Equal("my friend Ada has a twitch", Assert.Single(_host.Engine.Questions).Text);
    }

    [Fact]
    public async Task A_one_to_one_answer_has_text_one_citation_entity_the_feedback_loop_and_suggested_actions()
    {
        await _host.PostActivityAsync(TeamsMessage("what is it"));

        var reply = Assert.Single(_host.Network.SentActivities);
        var text = reply.GetProperty("text").GetString()!;
        Assert.StartsWith("Answer to: what is it [1] [2]", text, StringComparison.Ordinal);
        Assert.Contains("neurologist", text, StringComparison.Ordinal);

        var messageEntities = reply.GetProperty("entities").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "https://schema.org/Message").ToList();
        var entity = Assert.Single(messageEntities);
        Assert.Equal("Message", entity.GetProperty("@type").GetString());
        Assert.Equal("https://schema.org", entity.GetProperty("@context").GetString());
        var citations = entity.GetProperty("citation").EnumerateArray().ToList();
        Assert.Equal([1, 2], citations.Select(c => c.GetProperty("position").GetInt32()));
        foreach (var c in citations)
        {
            Assert.Equal("Claim", c.GetProperty("@type").GetString());
            var appearance = c.GetProperty("appearance");
            Assert.Equal("DigitalDocument", appearance.GetProperty("@type").GetString());
            Assert.InRange(appearance.GetProperty("name").GetString()!.Length, 1, 80);
            Assert.InRange(appearance.GetProperty("abstract").GetString()!.Length, 1, 160);
            Assert.Contains($"[{c.GetProperty("position").GetInt32()}]", text, StringComparison.Ordinal);
        }

        Assert.Equal("default", reply.GetProperty("channelData").GetProperty("feedbackLoop").GetProperty("type").GetString());
        Assert.Equal(2, reply.GetProperty("suggestedActions").GetProperty("actions").GetArrayLength());
        Assert.False(reply.TryGetProperty("attachments", out _));
    }

    [Fact]
    public async Task A_group_chat_answer_is_one_text_message_with_citations_and_the_feedback_loop_but_no_card_or_suggested_actions()
    {
        await _host.PostActivityAsync(TeamsMessage("what is it", group: true));

        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.False(reply.TryGetProperty("suggestedActions", out _));
        Assert.False(reply.TryGetProperty("attachments", out _));
        Assert.StartsWith("Answer to: what is it [1] [2]", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Single(reply.GetProperty("entities").EnumerateArray(), e => e.GetProperty("type").GetString() == "https://schema.org/Message");
        var channelData = reply.GetProperty("channelData");
        Assert.Equal("default", channelData.GetProperty("feedbackLoop").GetProperty("type").GetString());
        Assert.False(channelData.TryGetProperty("feedbackLoopEnabled", out _));
        Assert.Equal("https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.v2/activities/1732250000000", Assert.Single(_host.Network.ConnectorRequests).Url.AbsoluteUri);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_did_you_mean_is_one_card_whose_last_button_is_None_of_these(bool group)
    {
        await _host.PostActivityAsync(TeamsMessage("which one", group));

        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.False(reply.TryGetProperty("text", out _));
        Assert.False(reply.TryGetProperty("suggestedActions", out _));
        var card = Assert.Single(reply.GetProperty("attachments").EnumerateArray()).GetProperty("content");
        var actions = Json.CardActions(card);
        Assert.Equal(["What causes it?", "How is it treated?", "None of these"], actions.Select(a => a.Title));
        Assert.Equal("none", actions[^1].Element.GetProperty("data").GetProperty("action").GetString());
    }

    [Fact]
    public async Task Typing_None_of_these_gets_the_help_text_without_asking_the_engine()
    {
        await _host.PostActivityAsync(TeamsMessage("None of these"));

        Assert.Empty(_host.Engine.Questions);
        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.StartsWith(global::Bot.Host.Bot.HemifacialSpasmBot.NoneOfTheseLead, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_loop_votes_get_200_with_an_empty_body_and_are_stored_with_the_rated_answers_fact_ids()
    {
        await _host.PostActivityAsync(TeamsMessage("what is it"));
        var invoke = TeamsMessage("");
        invoke.Remove("text");
        invoke["type"] = "invoke";
        invoke["name"] = "message/submitAction";
        invoke["replyToId"] = "reply-1";
        invoke["value"] = new Dictionary<string, object?>
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new Dictionary<string, object?> { ["reaction"] = "dislike", ["feedback"] = "{\"feedbackText\":\"too short\"}" },
        };

        var response = await _host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var stored = Assert.Single(await _host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
        Assert.Equal(FeedbackRating.Down, stored.Rating);
        Assert.Equal(["hfs-what", "hfs-cause"], stored.FactIds);
        Assert.Null(stored.Comment); // Feedback:AllowComments is off by default
        Assert.Equal(FeedbackSources.TeamsFeedbackLoop, stored.Source);
        Assert.Equal("reply-1", stored.MessageId);
        Assert.Single(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task A_malformed_feedback_invoke_gets_400()
    {
        var invoke = TeamsMessage("");
        invoke["type"] = "invoke";
        invoke["name"] = "message/submitAction";
        invoke["value"] = new Dictionary<string, object?> { ["actionName"] = "feedback" };

        var response = await _host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_adaptive_card_execute_action_gets_200_with_the_outcome_in_the_body_and_the_answer_is_sent()
    {
        var invoke = TeamsMessage("");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new Dictionary<string, object?>
        {
            ["action"] = new Dictionary<string, object?> { ["type"] = "Action.Execute", ["verb"] = "ask", ["data"] = new Dictionary<string, object?> { ["action"] = "ask", ["question"] = "Is it serious?" } },
            ["trigger"] = "manual",
        };

        var response = await _host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(200, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.activity.message", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("Is it serious?", Assert.Single(_host.Engine.Questions).Text);
        Assert.Single(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task An_adaptive_card_action_that_is_not_Action_Execute_gets_400_with_an_error_body()
    {
        var invoke = TeamsMessage("");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new Dictionary<string, object?> { ["trigger"] = "manual" };

        var response = await _host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.microsoft.error", body.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Installing_the_app_sends_the_welcome_once_and_adding_only_the_bot_does_not()
    {
        var added = TeamsMessage("");
        added["type"] = "conversationUpdate";
        added["membersAdded"] = new[] { new Dictionary<string, object?> { ["id"] = "28:app" } };
        var install = TeamsMessage("");
        install["type"] = "installationUpdate";
        install["action"] = "add";

        await _host.PostActivityAsync(added);
        await _host.PostActivityAsync(install);

        var welcome = Assert.Single(_host.Network.SentActivities);
        Assert.StartsWith("Welcome to the test bot.", welcome.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_loop_comments_are_stored_only_when_comments_are_allowed()
    {
        using var host = new BotHost(settings: new() { ["Feedback:AllowComments"] = "true" });
        var invoke = TeamsMessage("");
        invoke["type"] = "invoke";
        invoke["name"] = "message/submitAction";
        invoke["value"] = new Dictionary<string, object?>
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new Dictionary<string, object?> { ["reaction"] = "like", ["feedback"] = "{\"feedbackText\":\"clear\"}" },
        };

        var response = await host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("clear", Assert.Single(await host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default)).Comment);
    }

    [Fact]
    public async Task Adding_people_to_a_group_chat_posts_no_welcome_and_installing_in_it_posts_one_without_suggested_actions()
    {
        var added = TeamsMessage("", group: true);
        added["type"] = "conversationUpdate";
        added["membersAdded"] = new[]
        {
            new Dictionary<string, object?> { ["id"] = "29:ada" },
            new Dictionary<string, object?> { ["id"] = "29:bob" },
            new Dictionary<string, object?> { ["id"] = "29:cy" },
        };
        var install = TeamsMessage("", group: true);
        install["type"] = "installationUpdate";
        install["action"] = "add";

        await _host.PostActivityAsync(added);
        Assert.Empty(_host.Network.SentActivities);
        await _host.PostActivityAsync(install);

        var welcome = Assert.Single(_host.Network.SentActivities);
        Assert.StartsWith("Welcome to the test bot.", welcome.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(welcome.TryGetProperty("suggestedActions", out _));
    }

    [Fact]
    public async Task The_one_to_one_welcome_offers_three_starter_questions()
    {
        var install = TeamsMessage("");
        install["type"] = "installationUpdate";
        install["action"] = "add";

        await _host.PostActivityAsync(install);

        var welcome = Assert.Single(_host.Network.SentActivities);
        var starters = welcome.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(3, starters.Count);
        Assert.All(starters, a => Assert.Equal("imBack", a.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("add-upgrade")]
    [InlineData("remove")]
    public async Task Upgrading_or_removing_the_app_sends_nothing(string action)
    {
        var install = TeamsMessage("");
        install["type"] = "installationUpdate";
        install["action"] = action;

        var response = await _host.PostActivityAsync(install);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task A_like_reaction_on_an_answer_is_stored_as_feedback()
    {
        await _host.PostActivityAsync(TeamsMessage("what is it"));
        var reaction = TeamsMessage("");
        reaction["type"] = "messageReaction";
        reaction["replyToId"] = "reply-1";
        reaction["reactionsAdded"] = new[] { new Dictionary<string, object?> { ["type"] = "like" } };

        var response = await _host.PostActivityAsync(reaction);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await _host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
        Assert.Equal(FeedbackRating.Up, stored.Rating);
        Assert.Equal(FeedbackSources.Reaction, stored.Source);
        Assert.Equal(["hfs-what", "hfs-cause"], stored.FactIds);
    }

    public void Dispose() => _host.Dispose();
}
