using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Bot.Answers;
using Bot.Host.Answers;
using Bot.Host.Bot;
using Bot.Host.Limits;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Tests.Reliability;

/// <summary>Input limits on /api/messages: each gives a clear response and runs no turn.</summary>
public sealed class LimitsTests : IDisposable
{
    private readonly BotHost _host = new();

    [Fact]
    public async Task An_activity_with_more_attachments_than_the_limit_gets_400_naming_the_limit()
    {
        var activity = Activities.Message("hi");
        activity["attachments"] = Enumerable.Range(0, 11).Select(i => new { contentType = "text/plain", content = "x" + i }).ToArray();

        var response = await _host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("TooManyAttachments", error.GetProperty("code").GetString());
        Assert.Contains("at most 10", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Engine.Questions);
        Assert.Empty(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task An_activity_with_more_entities_than_the_limit_gets_400_naming_the_limit()
    {
        var activity = Activities.Message("hi");
        activity["entities"] = Enumerable.Range(0, 33).Select(i => new { type = "mention", text = "x" + i }).ToArray();

        var response = await _host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("TooManyEntities", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_host.Engine.Questions);
    }

    [Fact]
    public async Task Attachments_and_entities_within_the_limits_are_accepted()
    {
        var activity = Activities.Message("what is it");
        activity["attachments"] = Enumerable.Range(0, 10).Select(i => new { contentType = "text/plain", content = "x" + i }).ToArray();
        activity["entities"] = Enumerable.Range(0, 32).Select(i => new { type = "clientInfo", locale = "en-US" }).ToArray();

        var response = await _host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Engine.Questions);
    }

    [Theory]
    [InlineData(40, HttpStatusCode.BadRequest)]
    [InlineData(500, HttpStatusCode.BadRequest)]
    [InlineData(20, HttpStatusCode.OK)]
    public async Task JSON_nested_deeper_than_the_limit_gets_400_and_shallower_is_accepted(int depth, HttpStatusCode expected)
    {
        // The activity object is level 1, "value" adds one level per nested array.
        var json = JsonSerializer.Serialize(Activities.Message("what is it"));
        var nested = new string('[', depth - 1) + new string(']', depth - 1);
        json = json[..^1] + ",\"value\":" + nested + "}";

        var response = await _host.PostRawAsync("/api/messages", Encoding.UTF8.GetBytes(json));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("msteams")]
    [InlineData("webchat")]
    [InlineData("emulator")]
    public async Task A_long_message_is_answered_on_its_first_part_and_the_reply_says_so(string channel)
    {
        var engine = new CappingEngine(600);
        using var factory = _host.With(services =>
        {
            services.RemoveAll<IAnswerEngineSource>();
            services.AddSingleton<IAnswerEngineSource>(new FixedAnswerEngineSource(new LoadedKnowledge(engine, FakeAnswerEngine.Texts)));
        });
        var text = string.Concat(Enumerable.Repeat("What causes hemifacial spasm? ", 4000)); // 120,000 characters
        var serviceUrl = channel == "msteams" ? BotHost.TeamsServiceUrl : BotHost.EmulatorServiceUrl;

        var response = await factory.PostActivityAsync(Activities.Message(text, channel, serviceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var question = Assert.Single(engine.Questions);
        Assert.Equal(new LimitsOptions().MaxTextChars, question.Length);
        var reply = Assert.Single(_host.Network.SentActivities);
        var shown = reply.TryGetProperty("text", out var t) ? t.GetString()! : "";
        if (reply.TryGetProperty("attachments", out var attachments))
        {
            var card = attachments[0].GetProperty("content");
            var first = card.GetProperty("body")[0].GetProperty("text").GetString();
            Assert.Equal(AnswerRenderer.TruncatedNote, first);
        }

        if (channel == "msteams")
        {
            Assert.StartsWith("_(" + AnswerRenderer.TruncatedNote, shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_short_message_carries_no_truncation_note()
    {
        var engine = new CappingEngine(600);
        using var factory = _host.With(services =>
        {
            services.RemoveAll<IAnswerEngineSource>();
            services.AddSingleton<IAnswerEngineSource>(new FixedAnswerEngineSource(new LoadedKnowledge(engine, FakeAnswerEngine.Texts)));
        });

        await factory.PostActivityAsync(Activities.Message("What causes hemifacial spasm?", "msteams", BotHost.TeamsServiceUrl));

        var reply = Assert.Single(_host.Network.SentActivities);
        Assert.DoesNotContain(AnswerRenderer.TruncatedNote, reply.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab😀cd", 3, "ab")]
    [InlineData("ab😀cd", 4, "ab😀")]
    [InlineData("abc", 5, "abc")]
    public void Cutting_text_never_splits_a_surrogate_pair(string text, int max, string expected)
    {
        Assert.Equal(expected, ActivityLimits.Cut(text, max));
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Answers like the real engine does for length: only the first <c>cap</c> characters, flagged as truncated.</summary>
    private sealed class CappingEngine(int cap) : IAnswerEngine
    {
        public ConcurrentQueue<string> Questions { get; } = new();

        public Answer Answer(Question question)
        {
            Questions.Enqueue(question.Text);
            return new Answer
            {
                Kind = AnswerKind.Fact,
                Text = "Hemifacial spasm is usually caused by a blood vessel pressing on the facial nerve [1].",
                Citations = [new Citation(1, "ref-a", "Hemifacial spasm: a review", "Journal A", 2020, new Uri("https://pubmed.ncbi.nlm.nih.gov/111/"))],
                Advice = "Please see a neurologist.",
                FactIds = ["hfs-cause"],
                Truncated = question.Text.Length > cap,
            };
        }
    }
}
