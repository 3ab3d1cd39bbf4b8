using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.Host.Answers;
using Bot.Host.Tests.Support;
using Bot.Knowledge;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Tests.Reliability;

/// <summary>The real knowledge and answer engine behind the host, recording every answer it gives.</summary>
public sealed class FuzzHost : IDisposable
{
    public FuzzHost()
    {
        var knowledge = KnowledgeLoader.LoadOrThrow(KnowledgeLocator.FindRoot(AppContext.BaseDirectory));
        Engine = new RecordingEngine(new AnswerEngine(knowledge, new AnswerEngineOptions()));
        Host = new BotHost();
        Factory = Host.With(
            services =>
            {
                services.RemoveAll<IAnswerEngineSource>();
                services.AddSingleton<IAnswerEngineSource>(new FixedAnswerEngineSource(new LoadedKnowledge(Engine, knowledge.Texts)));
            },
            Logs,
            new() { ["RateLimiting:Enabled"] = "false" });
        Client = Factory.CreateClient();
    }

    public BotHost Host { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public RecordingEngine Engine { get; }

    public CapturedLogs Logs { get; } = new();

    /// <summary>The last error the host logged (for failure messages).</summary>
    public string LastError => Logs.Records.LastOrDefault(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Text ?? "(none)";

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        Host.Dispose();
    }

    public sealed class RecordingEngine(IAnswerEngine inner) : IAnswerEngine
    {
        public ConcurrentQueue<Answer> Answers { get; } = new();

        public Answer Answer(Question question)
        {
            var answer = inner.Answer(question);
            Answers.Enqueue(answer);
            return answer;
        }
    }
}

/// <summary>
/// Property and fuzz tests (seeded, bounded in count and time) against /api/messages and the Direct Line
/// endpoints: no input gets a 5xx or crashes the host, every answer is one of the answer kinds with its
/// text (and advice, except small talk), and no reply carries markup from the input.
/// </summary>
public sealed class FuzzTests(FuzzHost fuzz) : IClassFixture<FuzzHost>
{
    private const int Seed = 20261122;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);
    private static readonly string[] Channels = ["emulator", "webchat", "directline", "msteams", "unknown-channel"];
    private readonly FuzzInputs _inputs = new(Seed);
    private int _case;

    private JsonObject Activity(string? text = "what is hemifacial spasm")
    {
        var n = Interlocked.Increment(ref _case);
        var channel = Channels[n % Channels.Length];
        var serviceUrl = channel == "msteams" ? BotHost.TeamsServiceUrl : BotHost.EmulatorServiceUrl;
        var activity = JsonSerializer.SerializeToNode(Activities.Message(text ?? "", channel, serviceUrl, "fuzz-" + n, "m-" + n))!.AsObject();
        if (text is null)
        {
            activity.Remove("text");
        }

        return activity;
    }

    /// <summary>Posts one case and checks the properties that must hold for any input.</summary>
    private async Task CheckAsync(byte[] body, string what)
    {
        var sentBefore = fuzz.Host.Network.ConnectorRequests.Count;
        var answersBefore = fuzz.Engine.Answers.Count;
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await fuzz.Client.PostAsync("/api/messages", content);

        Assert.True((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode} for {Preview(body)}\nlast error: {fuzz.LastError}");
        foreach (var sent in fuzz.Host.Network.ConnectorRequests.Skip(sentBefore))
        {
            CheckReply(sent.Body, what);
        }

        foreach (var answer in fuzz.Engine.Answers.Skip(answersBefore))
        {
            CheckAnswer(answer, what);
        }
    }

    internal static void CheckReply(string json, string what)
    {
        var reply = JsonDocument.Parse(json).RootElement;
        var type = reply.GetProperty("type").GetString();
        Assert.True(type is "message" or "typing", $"{what}: reply of type {type}");
        if (type == "message")
        {
            var hasText = reply.TryGetProperty("text", out var t) && !string.IsNullOrWhiteSpace(t.GetString());
            var hasCard = reply.TryGetProperty("attachments", out var a) && a.GetArrayLength() > 0;
            Assert.True(hasText || hasCard, $"{what}: an empty reply");
        }

        // What a channel renders (addressing fields such as channelId are echoed from the input and never shown).
        var shown = string.Join("\n", new[] { "text", "speak", "summary", "attachments", "suggestedActions", "entities" }
            .Select(name => reply.TryGetProperty(name, out var v) ? v.GetRawText() : ""));
        foreach (var markup in new[] { "<script", "onerror=", "<iframe", "javascript:alert" })
        {
            Assert.False(shown.Contains(markup, StringComparison.OrdinalIgnoreCase), $"{what}: the reply shows '{markup}' from the input: {json}");
        }
    }

    internal static void CheckAnswer(Answer answer, string what)
    {
        Assert.True(Enum.IsDefined(answer.Kind), $"{what}: answer kind {answer.Kind}");
        Assert.False(string.IsNullOrWhiteSpace(answer.Text), $"{what}: an answer without text ({answer.Kind})");
        if (answer.Kind != AnswerKind.SmallTalk)
        {
            Assert.False(string.IsNullOrWhiteSpace(answer.Advice), $"{what}: a {answer.Kind} answer without advice");
        }

        if (answer.Kind == AnswerKind.Fact)
        {
            Assert.NotEmpty(answer.Citations);
        }
    }

    private static string Preview(byte[] body) => body.Length <= 300 ? Encoding.UTF8.GetString(body) : Encoding.UTF8.GetString(body, 0, 300) + "…";

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Runs cases until <paramref name="count"/> or the time budget; returns how many ran.</summary>
    private static async Task<int> Bounded(int count, Func<int, Task> run)
    {
        var clock = Stopwatch.StartNew();
        var i = 0;
        for (; i < count && clock.Elapsed < Budget; i++)
        {
            await run(i);
        }

        return i;
    }

    [Fact]
    public async Task Random_bytes_never_get_a_5xx()
    {
        var ran = await Bounded(200, async i => await CheckAsync(_inputs.RandomBytes(), "random bytes #" + i));
        Assert.True(ran >= 50, $"only {ran} cases ran");
    }

    [Fact]
    public async Task Truncated_activities_never_get_a_5xx()
    {
        var ran = await Bounded(200, async i =>
        {
            var json = Utf8(FuzzInputs.Serialize(Activity(_inputs.HostileText())));
            await CheckAsync(json[.._inputs.Next(json.Length)], "truncated #" + i);
        });
        Assert.True(ran >= 50, $"only {ran} cases ran");
    }

    [Fact]
    public async Task Deeply_nested_JSON_in_any_field_never_gets_a_5xx()
    {
        string[] fields = ["value", "channelData", "entities", "attachments", "text", "from", "conversation", "suggestedActions", "unknownField"];
        var ran = await Bounded(60, async i =>
        {
            var depth = i % 3 == 0 ? 5000 : 20 + _inputs.Next(200);
            var json = FuzzInputs.Serialize(Activity());
            json = json[..^1] + ",\"" + fields[i % fields.Length] + "2\":0,\"" + fields[i % fields.Length] + "\":" + _inputs.Nested(depth) + "}";
            await CheckAsync(Utf8(json), $"nested {depth} in {fields[i % fields.Length]}");
        });
        Assert.True(ran >= 20, $"only {ran} cases ran");
    }

    [Fact]
    public async Task Every_field_with_every_wrong_type_never_gets_a_5xx()
    {
        var ran = 0;
        foreach (var field in FuzzInputs.Fields)
        {
            for (var kind = 0; kind < FuzzInputs.WrongValueKinds; kind++)
            {
                var activity = Activity();
                if (field.StartsWith("value.", StringComparison.Ordinal))
                {
                    activity["value"] = new JsonObject { ["action"] = "feedback", ["rating"] = "up" };
                }

                FuzzInputs.Set(activity, field, _inputs.WrongValue(kind));
                await CheckAsync(Utf8(FuzzInputs.Serialize(activity)), $"{field} as kind {kind}");
                ran++;
            }
        }

        Assert.Equal(FuzzInputs.Fields.Length * FuzzInputs.WrongValueKinds, ran);
    }

    [Fact]
    public async Task Huge_strings_in_any_field_never_get_a_5xx()
    {
        string[] fields = ["text", "id", "conversation.id", "from.id", "locale", "replyToId", "channelId", "value.question", "value.feedbackComment", "entities.0.type"];
        var ran = await Bounded(fields.Length * 2, async i =>
        {
            var activity = Activity();
            var size = i % 2 == 0 ? 100_000 : 450_000;
            FuzzInputs.Set(activity, fields[i % fields.Length], new string((char)('a' + (i % 26)), size));
            if (fields[i % fields.Length].StartsWith("value.", StringComparison.Ordinal))
            {
                ((JsonObject)activity["value"]!)["action"] = i % 4 == 1 ? "ask" : "feedback";
                ((JsonObject)activity["value"]!)["rating"] = "down";
            }

            await CheckAsync(Utf8(FuzzInputs.Serialize(activity)), $"{size} characters in {fields[i % fields.Length]}");
        });
        Assert.Equal(fields.Length * 2, ran);
    }

    [Fact]
    public async Task Hostile_text_gets_one_of_the_answer_kinds_without_markup_in_the_reply()
    {
        var answersBefore = fuzz.Engine.Answers.Count;
        var ran = await Bounded(400, async i =>
        {
            var text = _inputs.HostileText();
            var activity = Activity(text);
            if (i % 5 == 4)
            {
                // The same text as a card's "ask" submit and as a feedback comment.
                activity.Remove("text");
                activity["value"] = i % 10 == 4
                    ? new JsonObject { ["action"] = "ask", ["question"] = text }
                    : new JsonObject { ["action"] = "feedback", ["rating"] = "up", ["feedbackComment"] = text, ["factIds"] = new JsonArray(text) };
            }

            await CheckAsync(Utf8(FuzzInputs.Serialize(activity)), "hostile text " + JsonSerializer.Serialize(text));
        });

        Assert.True(ran >= 100, $"only {ran} cases ran");
        Assert.True(fuzz.Engine.Answers.Count - answersBefore >= ran / 2, "most hostile texts reached the answer engine");
    }

    [Fact]
    public async Task Invalid_UTF_8_inside_the_JSON_never_gets_a_5xx()
    {
        var ran = await Bounded(60, async i =>
        {
            var json = FuzzInputs.Serialize(Activity());
            var cut = json.IndexOf("\"text\":\"", StringComparison.Ordinal) + 8;
            var body = _inputs.InvalidUtf8Text(json[..cut], json[cut..]);
            await CheckAsync(body, "invalid UTF-8 #" + i);
        });
        Assert.Equal(60, ran);
    }

    [Fact]
    public async Task The_Direct_Line_endpoints_never_answer_hostile_input_with_a_5xx()
    {
        var (client, conversationId) = await DirectLineLimitsReliabilityTests.StartAsync(fuzz.Factory);
        var bodies = new List<(string What, byte[] Body)>();
        for (var i = 0; i < 40; i++)
        {
            bodies.Add(("random bytes", _inputs.RandomBytes()));
            var activity = new JsonObject { ["type"] = "message", ["from"] = new JsonObject { ["id"] = "dl_user1" }, ["text"] = _inputs.HostileText(), ["channelData"] = new JsonObject { ["clientActivityID"] = "c" + i } };
            var json = Utf8(FuzzInputs.Serialize(activity));
            bodies.Add(("hostile text", json));
            bodies.Add(("truncated", json[.._inputs.Next(json.Length)]));
            var wrong = (JsonObject)activity.DeepClone();
            FuzzInputs.Set(wrong, FuzzInputs.Fields[_inputs.Next(FuzzInputs.Fields.Length)], _inputs.WrongValue(_inputs.Next(FuzzInputs.WrongValueKinds)));
            bodies.Add(("wrong type", Utf8(FuzzInputs.Serialize(wrong))));
            bodies.Add(("nested", Utf8("{\"type\":\"message\",\"text\":\"hi\",\"value\":" + _inputs.Nested(20 + _inputs.Next(3000)) + "}")));
            bodies.Add(("invalid UTF-8", _inputs.InvalidUtf8Text("{\"type\":\"message\",\"text\":\"", "\"}")));
        }

        var clock = Stopwatch.StartNew();
        var ran = 0;
        foreach (var (what, body) in bodies)
        {
            if (clock.Elapsed > Budget)
            {
                break;
            }

            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await client.PostAsync($"/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/activities", content);
            Assert.True((int)response.StatusCode < 500, $"Direct Line {what}: {(int)response.StatusCode} for {Preview(body)}\nlast error: {fuzz.LastError}");
            ran++;
        }

        // Hostile tokens, conversation ids and watermarks on the other endpoints.
        // (TestServer's client itself refuses a NUL in the path, so control characters go in the query only.)
        foreach (var piece in FuzzInputs.Pieces)
        {
            var escaped = Uri.EscapeDataString(piece.Any(char.IsControl) ? "x" : piece);
            var get = await client.GetAsync($"/v3/directline/conversations/{escaped}/activities?watermark={Uri.EscapeDataString(piece)}");
            Assert.True((int)get.StatusCode < 500, $"GET activities with {JsonSerializer.Serialize(piece)}: {(int)get.StatusCode}");
            using var bad = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
            bad.Headers.TryAddWithoutValidation("Authorization", "Bearer " + piece);
            var start = await fuzz.Client.SendAsync(bad);
            Assert.True((int)start.StatusCode < 500, $"POST conversations with token {JsonSerializer.Serialize(piece)}: {(int)start.StatusCode}");
        }

        Assert.True(ran >= 60, $"only {ran} cases ran");
        foreach (var sent in fuzz.Host.Network.ConnectorRequests)
        {
            CheckReply(sent.Body, "Direct Line reply");
        }
    }
}
