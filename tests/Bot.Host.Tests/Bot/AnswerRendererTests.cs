using System.Text.Json;
using Bot.Answers;
using Bot.Host.Bot;
using Bot.Host.Tests.Support;
using Bot.Protocol.Schema;

namespace Bot.Host.Tests.Bot;

/// <summary>What each channel receives for an answer, on the wire (the serialised activity).</summary>
public class AnswerRendererTests
{
    private static Activity Inbound(string channel, bool group = false) => new()
    {
        Type = "message",
        ChannelId = channel,
        Conversation = new ConversationAccount("c", isGroup: group ? true : null, conversationType: group ? "groupChat" : "personal"),
    };

    private static Citation Source(int n) => new(n, "r" + n, "Title " + n, "Publisher " + n, 2020 + n, new Uri("https://doi.org/10.1000/" + n));

    private static Answer Huge(int citations, int textLength) => new()
    {
        Kind = AnswerKind.Fact,
        Text = string.Join(" ", Enumerable.Range(0, textLength / 10).Select(i => "word [1] x")),
        Citations = Enumerable.Range(1, citations)
            .Select(n => new Citation(n, "r" + n, new string('T', 300), new string('P', 300), 2020, new Uri("https://doi.org/10.1000/" + n)))
            .ToList(),
        Advice = "See a neurologist.",
        FollowUps = Enumerable.Range(0, 12).Select(i => new SuggestedQuestion(new string('q', 200), "f" + i)).ToList(),
        FactIds = ["a", "b"],
    };

    /// <summary>Three claims, each citing only its own sources, and five follow-ups.</summary>
    private static Answer ClaimedFact() => new()
    {
        Kind = AnswerKind.Fact,
        Text = "It is a twitch [1] [2] [3]. It is rarely dangerous [1] [2] [3]. Treatment helps [1] [2] [3].",
        Claims =
        [
            new AnswerClaim("It is a twitch.", [1]),
            new AnswerClaim("It is rarely dangerous.", [2, 3]),
            new AnswerClaim("Treatment helps.", [3]),
        ],
        Citations = [Source(1), Source(2), Source(3)],
        Advice = "Please see a neurologist.",
        FollowUps = Enumerable.Range(1, 5).Select(i => new SuggestedQuestion("Follow-up question " + i + "?", "f" + i)).ToList(),
        FactIds = ["hfs-what", "hfs-serious"],
    };

    private static Answer DidYouMean(int choices) => new()
    {
        Kind = AnswerKind.DidYouMean,
        Text = "Did you mean one of these?",
        Advice = "Please see a neurologist.",
        Choices = Enumerable.Range(1, choices).Select(i => new SuggestedQuestion("Choice " + i + "?", "c" + i)).ToList(),
    };

    private static JsonElement Serialize(Activity activity) => JsonDocument.Parse(ProtocolJson.Serialize(activity)).RootElement;

    private static List<string> SuggestedTitles(JsonElement reply) =>
        reply.TryGetProperty("suggestedActions", out var s)
            ? s.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()!).ToList()
            : [];

    [Theory]
    [InlineData("emulator")]
    [InlineData("webchat")]
    [InlineData("msteams")]
    [InlineData("slack")]
    public void A_huge_answer_still_fits_the_Teams_size_budget_with_at_most_20_citations(string channel)
    {
        var reply = Serialize(AnswerRenderer.Render(Huge(40, 30_000), Inbound(channel, group: channel == "msteams")));

        if (reply.TryGetProperty("attachments", out var attachments))
        {
            var card = attachments[0].GetProperty("content");
            Assert.True(card.GetRawText().Length <= AdaptiveCardBuilder.MaxCardChars, $"card is {card.GetRawText().Length} chars");
        }

        foreach (var entity in reply.TryGetProperty("entities", out var e) ? e.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            var citations = entity.GetProperty("citation").EnumerateArray().ToList();
            Assert.InRange(citations.Count, 1, 20);
            Assert.All(citations, c => Assert.InRange(c.GetProperty("appearance").GetProperty("name").GetString()!.Length, 1, 80));
            Assert.All(citations, c => Assert.InRange(c.GetProperty("appearance").GetProperty("abstract").GetString()!.Length, 1, 160));
        }

        Assert.InRange(SuggestedTitles(reply).Count, 0, AnswerRenderer.MaxSuggestedActions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Teams_answers_set_feedbackLoop_and_never_feedbackLoopEnabled(bool group)
    {
        var reply = Serialize(AnswerRenderer.Render(ClaimedFact(), Inbound("msteams", group)));

        var channelData = reply.GetProperty("channelData");
        Assert.Equal("default", channelData.GetProperty("feedbackLoop").GetProperty("type").GetString());
        Assert.False(channelData.TryGetProperty("feedbackLoopEnabled", out _));
    }

    [Fact]
    public void A_Teams_one_to_one_answer_has_at_most_three_suggested_actions_and_no_card()
    {
        var reply = Serialize(AnswerRenderer.Render(ClaimedFact(), Inbound("msteams")));

        Assert.Equal(["Follow-up question 1?", "Follow-up question 2?", "Follow-up question 3?"], SuggestedTitles(reply));
        Assert.All(reply.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray(), a => Assert.Equal("imBack", a.GetProperty("type").GetString()));
        Assert.False(reply.TryGetProperty("attachments", out _));
    }

    [Fact]
    public void A_Teams_group_answer_is_one_concise_text_message_without_a_card_or_suggested_actions()
    {
        var reply = Serialize(AnswerRenderer.Render(ClaimedFact(), Inbound("msteams", group: true)));

        Assert.False(reply.TryGetProperty("attachments", out _));
        Assert.False(reply.TryGetProperty("suggestedActions", out _));
        var text = reply.GetProperty("text").GetString()!;
        Assert.DoesNotContain("Follow-up question", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sources", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Teams_citations_are_one_schema_org_Message_entity_whose_positions_match_the_markers_of_each_claim()
    {
        var reply = Serialize(AnswerRenderer.Render(ClaimedFact(), Inbound("msteams")));

        var text = reply.GetProperty("text").GetString()!;
        Assert.StartsWith("It is a twitch. [1] It is rarely dangerous. [2] [3] Treatment helps. [3]", text, StringComparison.Ordinal);
        var entity = Assert.Single(reply.GetProperty("entities").EnumerateArray());
        Assert.Equal("https://schema.org/Message", entity.GetProperty("type").GetString());
        Assert.Equal("Message", entity.GetProperty("@type").GetString());
        Assert.Equal("https://schema.org", entity.GetProperty("@context").GetString());
        Assert.Equal("", entity.GetProperty("@id").GetString());
        Assert.False(entity.TryGetProperty("potentialAction", out _));
        var citations = entity.GetProperty("citation").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], citations.Select(c => c.GetProperty("position").GetInt32()));
        Assert.All(citations, c =>
        {
            Assert.Equal("Claim", c.GetProperty("@type").GetString());
            Assert.Equal("DigitalDocument", c.GetProperty("appearance").GetProperty("@type").GetString());
            Assert.StartsWith("https://doi.org/", c.GetProperty("appearance").GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.Contains($"[{c.GetProperty("position").GetInt32()}]", text, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void A_Teams_did_you_mean_is_one_card_with_the_choices_and_None_of_these(bool group, int choices)
    {
        var reply = Serialize(AnswerRenderer.Render(DidYouMean(choices), Inbound("msteams", group)));

        Assert.False(reply.TryGetProperty("text", out _));
        Assert.False(reply.TryGetProperty("suggestedActions", out _));
        Assert.False(reply.TryGetProperty("channelData", out _));
        var card = Assert.Single(reply.GetProperty("attachments").EnumerateArray()).GetProperty("content");
        Assert.Equal("1.5", card.GetProperty("version").GetString());
        var titles = Json.CardActions(card).Select(a => a.Title).ToList();
        Assert.Equal([.. Enumerable.Range(1, choices).Select(i => "Choice " + i + "?"), "None of these"], titles);
        Assert.All(Json.CardActions(card), a => Assert.Equal("Action.Submit", a.Type));
    }

    [Fact]
    public void A_Teams_emergency_reply_is_the_text_alone()
    {
        var answer = new Answer { Kind = AnswerKind.Emergency, Urgency = Urgency.CallEmergencyNow, Text = "Call the emergency number now.", FollowUps = [new SuggestedQuestion("x?", null)] };

        var reply = Serialize(AnswerRenderer.Render(answer, Inbound("msteams")));

        Assert.StartsWith("Call the emergency number now.", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(reply.TryGetProperty("attachments", out _));
        Assert.False(reply.TryGetProperty("suggestedActions", out _));
        Assert.False(reply.TryGetProperty("channelData", out _));
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("emulator")]
    [InlineData("directline")]
    public void A_Web_Chat_answer_is_markdown_with_link_definitions_the_citation_entity_feedback_actions_and_three_follow_ups(string channel)
    {
        var reply = Serialize(AnswerRenderer.Render(ClaimedFact(), Inbound(channel)));

        Assert.Equal("markdown", reply.GetProperty("textFormat").GetString());
        var text = reply.GetProperty("text").GetString()!;
        Assert.StartsWith("It is a twitch. [1] It is rarely dangerous. [2] [3] Treatment helps. [3]", text, StringComparison.Ordinal);
        Assert.Contains("\n[1]: https://doi.org/10.1000/1 \"Title 1. Publisher 1, 2021\"", text, StringComparison.Ordinal);
        Assert.Contains("\n[3]: https://doi.org/10.1000/3 ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sources", text, StringComparison.Ordinal);
        Assert.False(reply.TryGetProperty("attachments", out _));
        Assert.Equal(3, SuggestedTitles(reply).Count);

        var entity = Assert.Single(reply.GetProperty("entities").EnumerateArray());
        Assert.Equal("", entity.GetProperty("@id").GetString());
        Assert.Equal(3, entity.GetProperty("citation").GetArrayLength());
        var actions = entity.GetProperty("potentialAction").EnumerateArray().ToList();
        Assert.Equal(["LikeAction", "DislikeAction"], actions.Select(a => a.GetProperty("@type").GetString()));
        Assert.All(actions, a => Assert.Equal(["hfs-what", "hfs-serious"], a.GetProperty("object").GetProperty("identifier").EnumerateArray().Select(x => x.GetString())));
    }

    [Fact]
    public void A_Web_Chat_did_you_mean_offers_the_choices_and_None_of_these_as_suggested_actions_without_feedback()
    {
        var reply = Serialize(AnswerRenderer.Render(DidYouMean(3), Inbound("webchat")));

        Assert.Equal(["Choice 1?", "Choice 2?", "Choice 3?", "None of these"], SuggestedTitles(reply));
        Assert.False(reply.TryGetProperty("entities", out _));
        Assert.False(reply.TryGetProperty("attachments", out _));
    }

    [Theory]
    [InlineData(Urgency.CallEmergencyNow, "attention")]
    [InlineData(Urgency.CrisisSupport, "attention")]
    [InlineData(Urgency.CareToday, "warning")]
    [InlineData(Urgency.CallTreatingClinic, "warning")]
    public void A_Web_Chat_emergency_reply_is_a_coloured_card_with_its_urgency_and_nothing_else(Urgency urgency, string style)
    {
        var answer = new Answer { Kind = AnswerKind.Emergency, Urgency = urgency, Text = "Get help now.", FollowUps = [new SuggestedQuestion("x?", null)] };

        var reply = Serialize(AnswerRenderer.Render(answer, Inbound("webchat")));

        Assert.Equal(urgency.ToString(), reply.GetProperty("channelData").GetProperty("urgency").GetString());
        Assert.False(reply.TryGetProperty("text", out _));
        Assert.False(reply.TryGetProperty("suggestedActions", out _));
        Assert.Equal("Get help now.", reply.GetProperty("speak").GetString());
        var card = Assert.Single(reply.GetProperty("attachments").EnumerateArray()).GetProperty("content");
        var container = card.GetProperty("body")[0];
        Assert.Equal(style, container.GetProperty("style").GetString());
        Assert.StartsWith("urgent-", container.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Contains("Get help now.", container.GetProperty("items")[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(Json.CardActions(card));
    }

    [Fact]
    public void Small_talk_carries_no_feedback_in_any_channel()
    {
        var answer = new Answer { Kind = AnswerKind.SmallTalk, Text = "Hello." };

        var teams = Serialize(AnswerRenderer.Render(answer, Inbound("msteams")));
        var webChat = Serialize(AnswerRenderer.Render(answer, Inbound("webchat")));

        Assert.False(teams.TryGetProperty("channelData", out _));
        Assert.False(webChat.TryGetProperty("entities", out _));
    }

    [Fact]
    public void An_answer_without_citations_carries_no_citation_entity_in_Teams()
    {
        var answer = new Answer { Kind = AnswerKind.OutOfScope, Text = "Outside what I cover.", Advice = "See a neurologist." };

        var reply = Serialize(AnswerRenderer.Render(answer, Inbound("msteams")));

        Assert.False(reply.TryGetProperty("entities", out _));
    }

    [Fact]
    public void Adjacent_markers_in_a_text_without_claims_are_spaced_so_markdown_keeps_them_apart()
    {
        var answer = new Answer { Kind = AnswerKind.Fact, Text = "A fact [1][2].", Citations = [Source(1), Source(2)] };

        var reply = Serialize(AnswerRenderer.Render(answer, Inbound("webchat")));

        Assert.StartsWith("A fact [1] [2].", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Other_channels_get_the_full_text_with_its_source_list_and_no_card()
    {
        var reply = Serialize(AnswerRenderer.Render(Huge(2, 100), Inbound("slack")));

        Assert.Contains("Sources:", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(reply.TryGetProperty("attachments", out _));
        Assert.Equal(3, SuggestedTitles(reply).Count);
    }
}
