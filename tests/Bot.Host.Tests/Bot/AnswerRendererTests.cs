using System.Text.Json;
using Bot.Answers;
using Bot.Host.Bot;
using Bot.Host.Tests.Support;
using Bot.Protocol.Schema;

namespace Bot.Host.Tests.Bot;

public class AnswerRendererTests
{
    private static Activity Inbound(string channel, bool group = false) => new()
    {
        Type = "message",
        ChannelId = channel,
        Conversation = new ConversationAccount("c", isGroup: group ? true : null, conversationType: group ? "groupChat" : "personal"),
    };

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

    private static JsonElement Serialize(Activity activity) => JsonDocument.Parse(ProtocolJson.Serialize(activity)).RootElement;

    [Theory]
    [InlineData("emulator")]
    [InlineData("webchat")]
    [InlineData("msteams")]
    [InlineData("slack")]
    public void A_huge_answer_still_fits_the_Teams_size_budget(string channel)
    {
        var reply = Serialize(AnswerRenderer.Render(Huge(40, 30_000), Inbound(channel, group: channel == "msteams")));

        if (reply.TryGetProperty("attachments", out var attachments))
        {
            var card = attachments[0].GetProperty("content");
            Assert.True(card.GetRawText().Length <= AdaptiveCardBuilder.MaxCardChars, $"card is {card.GetRawText().Length} chars");
            Assert.True(Json.CardActions(card).Count(a => a.Type == "Action.OpenUrl") <= 20);
        }

        foreach (var entity in reply.TryGetProperty("entities", out var e) ? e.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            var citations = entity.GetProperty("citation").EnumerateArray().ToList();
            Assert.InRange(citations.Count, 1, 20);
            Assert.All(citations, c => Assert.InRange(c.GetProperty("appearance").GetProperty("name").GetString()!.Length, 1, 80));
            Assert.All(citations, c => Assert.InRange(c.GetProperty("appearance").GetProperty("abstract").GetString()!.Length, 1, 160));
        }
    }

    [Fact]
    public void The_fallback_text_is_kept_when_it_fits_and_dropped_when_it_would_break_the_card_budget()
    {
        var answer = new Answer { Kind = AnswerKind.Fact, Text = "Short answer [1].", Advice = "See a neurologist." };
        var bare = AdaptiveCardBuilder.Size(AdaptiveCardBuilder.Build(answer, includeFeedback: true));
        var fitting = "Plain \"quoted\" text <b>";
        var room = AdaptiveCardBuilder.MaxCardChars - bare - ",\"fallbackText\":\"\"".Length;

        var withFallback = AdaptiveCardBuilder.Build(answer, includeFeedback: true, fitting);
        var exactFit = AdaptiveCardBuilder.Build(answer, includeFeedback: true, new string('x', room));
        var tooLong = AdaptiveCardBuilder.Build(answer, includeFeedback: true, new string('x', room + 1));

        Assert.Equal(fitting, withFallback["fallbackText"]!.GetValue<string>());
        Assert.Equal(AdaptiveCardBuilder.MaxCardChars, AdaptiveCardBuilder.Size(exactFit));
        Assert.False(tooLong.ContainsKey("fallbackText"));
        Assert.Equal(bare, AdaptiveCardBuilder.Size(tooLong));
    }

    [Fact]
    public void Cards_are_version_1_5_and_use_only_Submit_and_OpenUrl_actions()
    {
        var reply = Serialize(AnswerRenderer.Render(Huge(3, 200), Inbound("webchat")));
        var card = reply.GetProperty("attachments")[0].GetProperty("content");

        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.5", card.GetProperty("version").GetString());
        Assert.All(Json.CardActions(card), a => Assert.Contains(a.Type, new[] { "Action.Submit", "Action.OpenUrl" }));
        Assert.True(Json.CardActions(card).Count(a => a.Element.TryGetProperty("data", out var d) && d.GetProperty("action").GetString() == "ask") <= AdaptiveCardBuilder.MaxFollowUps);
    }

    [Fact]
    public void Exactly_one_root_schema_org_Message_entity_is_sent()
    {
        var reply = Serialize(AnswerRenderer.Render(Huge(3, 200), Inbound("msteams")));

        Assert.Single(reply.GetProperty("entities").EnumerateArray(), e => e.GetProperty("type").GetString() == "https://schema.org/Message");
    }

    [Fact]
    public void An_answer_without_citations_carries_no_citation_entity()
    {
        var answer = new Answer { Kind = AnswerKind.OutOfScope, Text = "Outside what I cover.", Advice = "See a neurologist." };

        var reply = Serialize(AnswerRenderer.Render(answer, Inbound("msteams")));

        Assert.False(reply.TryGetProperty("entities", out _));
    }

    [Fact]
    public void Other_channels_get_both_the_text_and_the_card()
    {
        var reply = Serialize(AnswerRenderer.Render(Huge(2, 100), Inbound("slack")));

        Assert.Contains("Sources:", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(ContentTypes.AdaptiveCard, reply.GetProperty("attachments")[0].GetProperty("contentType").GetString());
    }
}
