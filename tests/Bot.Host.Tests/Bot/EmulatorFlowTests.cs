using System.Net;
using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Bot;

/// <summary>The Bot Framework Emulator's conversation, end to end through /api/messages and the fake Connector.</summary>
public sealed class EmulatorFlowTests : IDisposable
{
    private readonly BotHost _host = new();

    private static Dictionary<string, object?> ConversationUpdate()
    {
        var update = Activities.Of("conversationUpdate");
        update["membersAdded"] = new[]
        {
            new Dictionary<string, object?> { ["id"] = "user-1", ["name"] = "User" },
            new Dictionary<string, object?> { ["id"] = "bot-1", ["name"] = "Bot" },
        };
        return update;
    }

    [Fact]
    public async Task The_conversation_update_gets_one_welcome_with_the_disclaimer_for_the_user_not_the_bot()
    {
        var response = await _host.PostActivityAsync(ConversationUpdate());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = Assert.Single(_host.Network.SentActivities);
        Assert.Equal("message", welcome.GetProperty("type").GetString());
        Assert.Equal("Welcome to the test bot.\n\nGeneral information, not a diagnosis.", welcome.GetProperty("text").GetString());
        Assert.Equal("bot-1", welcome.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("user-1", welcome.GetProperty("recipient").GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_update_that_adds_only_the_bot_gets_no_welcome()
    {
        var update = ConversationUpdate();
        update["membersAdded"] = new[] { new Dictionary<string, object?> { ["id"] = "bot-1" } };

        await _host.PostActivityAsync(update);

        Assert.Empty(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task An_update_with_an_empty_member_list_is_accepted_quietly()
    {
        var update = ConversationUpdate();
        update["membersAdded"] = Array.Empty<object>();

        var response = await _host.PostActivityAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task A_message_gets_one_markdown_answer_with_link_definitions_the_citation_entity_feedback_buttons_and_suggested_actions()
    {
        await _host.PostActivityAsync(Activities.Message("what is hemifacial spasm"));

        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.Equal("act-1", reply.GetProperty("replyToId").GetString());
        Assert.False(reply.TryGetProperty("attachments", out _));
        Assert.Equal("markdown", reply.GetProperty("textFormat").GetString());
        var text = reply.GetProperty("text").GetString()!;
        Assert.StartsWith("Answer to: what is hemifacial spasm [1] [2]\n\nPlease see a neurologist.\n\n_General information, not a diagnosis._", text, StringComparison.Ordinal);
        Assert.EndsWith("\n[1]: https://pubmed.ncbi.nlm.nih.gov/111/ \"Hemifacial spasm: a review. Journal A, 2020\"\n[2]: https://doi.org/10.1000/b \"Botulinum toxin for facial spasm. Publisher B, 2021\"", text, StringComparison.Ordinal);

        var entity = Assert.Single(reply.GetProperty("entities").EnumerateArray());
        Assert.Equal("https://schema.org/Message", entity.GetProperty("type").GetString());
        Assert.Equal(["https://pubmed.ncbi.nlm.nih.gov/111/", "https://doi.org/10.1000/b"], entity.GetProperty("citation").EnumerateArray().Select(c => c.GetProperty("appearance").GetProperty("url").GetString()));
        Assert.Equal(["LikeAction", "DislikeAction"], entity.GetProperty("potentialAction").EnumerateArray().Select(a => a.GetProperty("@type").GetString()));

        var suggested = reply.GetProperty("suggestedActions").GetProperty("actions");
        Assert.Equal(["imBack", "imBack"], suggested.EnumerateArray().Select(a => a.GetProperty("type").GetString()));
        Assert.Equal("How is it treated?", suggested[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_card_submit_gets_the_answer_to_the_follow_up_question()
    {
        var submit = Activities.Message("", id: "act-2");
        submit.Remove("text");
        submit["value"] = new Dictionary<string, object?> { ["action"] = "ask", ["question"] = "How is it treated?", ["factId"] = "hfs-treat" };
        submit["channelData"] = new Dictionary<string, object?> { ["postBack"] = true };

        await _host.PostActivityAsync(submit);

        Assert.Equal("How is it treated?", Assert.Single(_host.Engine.Questions).Text);
        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.StartsWith("Answer to: How is it treated? [1] [2]", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_first_answer_of_a_conversation_is_marked_first_so_the_disclaimer_shows_once()
    {
        await _host.PostActivityAsync(Activities.Message("first question", id: "a1"));
        await _host.PostActivityAsync(Activities.Message("second question", id: "a2"));
        await _host.PostActivityAsync(Activities.Message("other conversation", conversationId: "conv-2|livechat", id: "a3"));

        Assert.Equal([true, false, true], _host.Engine.Questions.Select(q => q.IsFirstInConversation));
        var sent = _host.Network.SentActivities;
        Assert.Contains("General information, not a diagnosis.", sent[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("General information, not a diagnosis.", sent[1].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_emergency_first_message_gets_no_disclaimer_and_the_next_answer_shows_it()
    {
        await _host.PostActivityAsync(Activities.Message("emergency: my face droops", id: "a1"));
        await _host.PostActivityAsync(Activities.Message("what is it", id: "a2"));

        Assert.Equal([true, true], _host.Engine.Questions.Select(q => q.IsFirstInConversation));
        var sent = _host.Network.SentActivities;
        // Replies are text or cards depending on their kind; read whatever each one shows.
        static string Shown(System.Text.Json.JsonElement a) =>
            (a.TryGetProperty("text", out var text) ? text.GetString() : "") + "\n" + string.Join('\n',
                a.TryGetProperty("attachments", out var cards) ? cards.EnumerateArray().SelectMany(c => Json.CardTexts(c.GetProperty("content"))) : []);
        Assert.Contains("emergency", Shown(sent[0]), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("General information, not a diagnosis.", Shown(sent[0]), StringComparison.Ordinal);
        Assert.Contains("General information, not a diagnosis.", Shown(sent[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_of_conversation_forgets_it_so_a_restart_shows_the_disclaimer_again()
    {
        await _host.PostActivityAsync(Activities.Message("first", id: "a1"));
        await _host.PostActivityAsync(Activities.Of("endOfConversation"));
        await _host.PostActivityAsync(Activities.Message("again", id: "a2"));

        Assert.Equal([true, true], _host.Engine.Questions.Select(q => q.IsFirstInConversation));
    }

    [Fact]
    public async Task An_emergency_answer_is_one_attention_card_marked_with_its_urgency_and_nothing_to_distract()
    {
        await _host.PostActivityAsync(Activities.Message("emergency: my face droops"));

        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.Equal("CallEmergencyNow", reply.GetProperty("channelData").GetProperty("urgency").GetString());
        var card = Assert.Single(reply.GetProperty("attachments").EnumerateArray()).GetProperty("content");
        Assert.Equal("attention", card.GetProperty("body")[0].GetProperty("style").GetString());
        Assert.Contains(Json.CardTexts(card), t => t.StartsWith("Call your local emergency number now.", StringComparison.Ordinal));
        Assert.Empty(Json.CardActions(card));
        Assert.False(reply.TryGetProperty("suggestedActions", out _));
        Assert.False(reply.TryGetProperty("entities", out _));
    }

    [Fact]
    public async Task Did_you_mean_choices_come_as_suggested_actions_ending_with_none_of_these()
    {
        await _host.PostActivityAsync(Activities.Message("which one"));

        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.False(reply.TryGetProperty("attachments", out _));
        Assert.Equal(["What causes it?", "How is it treated?", "None of these"], reply.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Clicking_None_of_these_sends_it_as_text_and_gets_the_help_text()
    {
        await _host.PostActivityAsync(Activities.Message("None of these"));

        Assert.Empty(_host.Engine.Questions);
        Assert.Contains("Ask me about hemifacial spasm.", Assert.Single(_host.Network.SentActivities).GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_welcome_offers_three_starter_questions()
    {
        await _host.PostActivityAsync(ConversationUpdate());

        var welcome = Assert.Single(_host.Network.SentActivities);
        Assert.Equal(["What is hemifacial spasm?", "What causes it?", "How is it treated?"], welcome.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task None_of_these_says_what_the_bot_can_answer()
    {
        var submit = Activities.Message("");
        submit.Remove("text");
        submit["value"] = new Dictionary<string, object?> { ["action"] = "none" };

        await _host.PostActivityAsync(submit);

        Assert.Empty(_host.Engine.Questions);
        Assert.Contains("Ask me about hemifacial spasm.", Assert.Single(_host.Network.SentActivities).GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Small_talk_is_text_with_suggested_actions_and_no_card()
    {
        await _host.PostActivityAsync(Activities.Message("hello"));

        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.Contains("Hello there.", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("What is hemifacial spasm?", reply.GetProperty("suggestedActions").GetProperty("actions")[0].GetProperty("value").GetString());
        Assert.Equal("markdown", reply.GetProperty("textFormat").GetString());
    }

    [Fact]
    public async Task An_empty_message_gets_help_instead_of_an_answer()
    {
        await _host.PostActivityAsync(Activities.Message("   "));

        Assert.Empty(_host.Engine.Questions);
        Assert.Equal("Ask me about hemifacial spasm.", Assert.Single(_host.Network.SentActivities).GetProperty("text").GetString());
    }

    public void Dispose() => _host.Dispose();
}
