using System.Net;
using System.Text.Json;
using Bot.Host.Limits;
using Bot.Host.Tests.Support;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// F5 and F3 (host side): one request cannot become thousands of turns or messages, and no text field the bot
/// reads (a card submit's question included) escapes <c>Limits:MaxTextChars</c>.
/// </summary>
public sealed class AmplificationTests : IDisposable
{
    private readonly BotHost _host = new();

    [Fact]
    public async Task A_conversationUpdate_listing_thousands_of_members_gets_one_welcome()
    {
        var update = Activities.Of("conversationUpdate");
        update["membersAdded"] = Enumerable.Range(0, 2000)
            .Select(i => new Dictionary<string, object?> { ["id"] = "user-" + i, ["name"] = "U" + i })
            .Append(new Dictionary<string, object?> { ["id"] = "bot-1", ["name"] = "Bot" })
            .ToList();

        var response = await _host.PostActivityAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Network.ConnectorRequests);
    }

    [Fact]
    public void Member_and_reaction_lists_are_cut_to_the_limit()
    {
        var limits = new ActivityLimits(Options.Create(new LimitsOptions { MaxListItems = 50 }), Options.Create(new BotFrameworkOptions()));
        var activity = new Activity
        {
            Type = "conversationUpdate",
            MembersAdded = Enumerable.Range(0, 5000).Select(i => new ChannelAccount { Id = "u" + i }).ToList(),
            MembersRemoved = Enumerable.Range(0, 5000).Select(i => new ChannelAccount { Id = "u" + i }).ToList(),
            ReactionsAdded = Enumerable.Range(0, 5000).Select(_ => new MessageReaction { Type = "like" }).ToList(),
        };

        Assert.Null(limits.Check(activity));

        Assert.Equal(50, activity.MembersAdded!.Count);
        Assert.Equal(50, activity.MembersRemoved!.Count);
        Assert.Equal(50, activity.ReactionsAdded!.Count);
    }

    [Fact]
    public async Task A_card_submit_question_is_cut_to_the_text_cap_before_the_bot_reads_it()
    {
        var submit = Activities.Message("");
        submit.Remove("text");
        submit["value"] = new Dictionary<string, object?> { ["action"] = "ask", ["question"] = "what is it " + new string('a', 20_000) };

        var response = await _host.PostActivityAsync(submit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var question = Assert.Single(_host.Engine.Questions);
        Assert.InRange(question.Text.Length, 1, new LimitsOptions().MaxTextChars);
    }

    [Fact]
    public void Every_string_in_a_value_is_cut_and_short_values_are_left_as_they_are()
    {
        var limits = new ActivityLimits(Options.Create(new LimitsOptions { MaxTextChars = 1000 }), Options.Create(new BotFrameworkOptions()));
        var small = JsonSerializer.SerializeToElement(new { action = "ask", question = "short" });
        var activity = new Activity { Type = "message", Value = small };
        limits.Check(activity);
        Assert.Equal(small.GetRawText(), ((JsonElement)activity.Value!).GetRawText());

        activity.Value = JsonSerializer.SerializeToElement(new
        {
            action = "feedback",
            feedbackComment = new string('c', 50_000),
            nested = new { list = new[] { new string('d', 3000) } },
        });
        limits.Check(activity);

        var value = (JsonElement)activity.Value!;
        Assert.Equal(1000, value.GetProperty("feedbackComment").GetString()!.Length);
        Assert.Equal(1000, value.GetProperty("nested").GetProperty("list")[0].GetString()!.Length);
        Assert.Equal("feedback", value.GetProperty("action").GetString());
    }

    public void Dispose() => _host.Dispose();
}
