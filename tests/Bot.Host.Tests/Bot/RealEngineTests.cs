using System.Net;
using System.Text.RegularExpressions;
using Bot.Host.Answers;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Bot;

/// <summary>The host with the real knowledge and answer engine (no fakes but the Connector).</summary>
public sealed partial class RealEngineTests : IDisposable
{
    // The first answer warms up the index and the semantic model; on a busy test machine that can take longer
    // than the production turn deadline (Turns:Timeout, 10 s), which would cancel it.
    private readonly BotHost _host = new(realEngine: true, settings: new() { ["Turns:Timeout"] = "00:02:00" });

    private async Task WaitUntilReadyAsync()
    {
        var client = _host.CreateClient();
        var source = _host.Services.GetRequiredService<IAnswerEngineSource>();
        await source.GetAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task The_real_engine_answers_a_medical_question_with_cited_markdown_and_neurologist_advice()
    {
        await WaitUntilReadyAsync();

        await _host.PostActivityAsync(Activities.Message("What causes hemifacial spasm?"));

        var reply = Assert.Single(_host.Network.SentActivities);
        var text = reply.GetProperty("text").GetString()!;
        Assert.Matches(CitationMarker(), text);
        Assert.Matches(LinkDefinition(), text);
        Assert.Contains("neurolog", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not a diagnosis", text, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(reply.GetProperty("suggestedActions").GetProperty("actions").GetArrayLength(), 1, 3);
    }

    [Fact]
    public async Task The_real_welcome_offers_three_starter_questions()
    {
        await WaitUntilReadyAsync();
        var update = Activities.Of("conversationUpdate");
        update["membersAdded"] = new[] { new Dictionary<string, object?> { ["id"] = "user-1" }, new Dictionary<string, object?> { ["id"] = "bot-1" } };

        await _host.PostActivityAsync(update);

        Assert.Equal(3, Assert.Single(_host.Network.SentActivities).GetProperty("suggestedActions").GetProperty("actions").GetArrayLength());
    }

    [Fact]
    public async Task The_real_welcome_comes_from_the_knowledge_texts()
    {
        await WaitUntilReadyAsync();
        var update = Activities.Of("conversationUpdate");
        update["membersAdded"] = new[] { new Dictionary<string, object?> { ["id"] = "user-1" }, new Dictionary<string, object?> { ["id"] = "bot-1" } };

        await _host.PostActivityAsync(update);

        var text = Assert.Single(_host.Network.SentActivities).GetProperty("text").GetString()!;
        Assert.Contains("hemifacial spasm", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not a diagnosis", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Stroke_signs_get_the_emergency_message_as_an_urgent_card()
    {
        await WaitUntilReadyAsync();

        await _host.PostActivityAsync(Activities.Message("my face suddenly drooped and my arm is weak"));

        var reply = Assert.Single(_host.Network.SentActivities);
        var card = Assert.Single(reply.GetProperty("attachments").EnumerateArray()).GetProperty("content");
        Assert.Contains("emergency", string.Join("\n", Json.CardTexts(card)), StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual("None", reply.GetProperty("channelData").GetProperty("urgency").GetString());
        Assert.False(reply.TryGetProperty("suggestedActions", out _));
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"\n\[\d+\]: https://")]
    private static partial Regex LinkDefinition();

    public void Dispose() => _host.Dispose();
}
