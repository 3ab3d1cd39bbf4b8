using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.DirectLine.Tests;

/// <summary>A clock the tests move by hand (token and conversation expiry).</summary>
internal sealed class FakeTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// A stand-in bot that behaves like one behind a real adapter: it answers through the channel's in-process
/// Connector (<see cref="DirectLineConnector"/>): welcome on conversationUpdate as send-to-conversation, replies
/// to messages as reply-to-activity. It records what it received, and can refuse activities as the bot's gates would.
/// </summary>
internal sealed class FakeBot : IDirectLineBotGateway
{
    public DirectLineConnector Connector { get; set; } = null!;

    public List<JsonObject> Received { get; } = [];

    public bool Fail { get; set; }

    /// <summary>When set, <see cref="DeliverAsync"/> reports the bot busy, as the host's gateway does at its turn limit.</summary>
    public bool Busy { get; set; }

    /// <summary>When set, <see cref="AdmitAsync"/> refuses every activity with it.</summary>
    public DirectLineRejection? Refuse { get; set; }

    public ValueTask<DirectLineRejection?> AdmitAsync(JsonObject activity, long conversationLength, CancellationToken cancellationToken) => ValueTask.FromResult(Refuse);

    public async Task DeliverAsync(JsonObject activity, CancellationToken cancellationToken)
    {
        lock (Received)
        {
            Received.Add((JsonObject)activity.DeepClone());
        }

        if (Fail)
        {
            throw new InvalidOperationException("the bot is down");
        }

        if (Busy)
        {
            throw new DirectLineBotBusyException(TimeSpan.FromSeconds(2));
        }

        Assert.True(Connector.Owns(new Uri((string)activity["serviceUrl"]!)));
        var conversationId = (string)activity["conversation"]!["id"]!;
        var reply = new JsonObject
        {
            ["type"] = "message",
            ["from"] = activity["recipient"]!.DeepClone(),
            ["recipient"] = activity["from"]!.DeepClone(),
            ["conversation"] = new JsonObject { ["id"] = conversationId },
        };
        switch ((string?)activity["type"])
        {
            case "conversationUpdate":
                reply["text"] = "Welcome. This is general information, not a diagnosis.";
                reply["suggestedActions"] = new JsonObject { ["actions"] = new JsonArray(new JsonObject { ["type"] = "imBack", ["title"] = "What is it?", ["value"] = "What is it?" }) };
                Assert.NotNull(await Connector.PostAsync(conversationId, reply, null, cancellationToken));
                break;
            case "message":
                reply["text"] = "You said: " + (string?)activity["text"];
                Assert.NotNull(await Connector.PostAsync(conversationId, reply, (string)activity["id"]!, cancellationToken));
                break;
            default:
                break;
        }
    }
}

/// <summary>The Direct Line channel alone, on a real loopback socket (Kestrel), with <see cref="FakeBot"/> behind it.</summary>
internal sealed class DirectLineTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DirectLineTestHost(WebApplication app, Uri baseAddress, FakeBot bot, FakeTime time)
    {
        _app = app;
        BaseAddress = baseAddress;
        Bot = bot;
        Time = time;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public FakeBot Bot { get; }

    public FakeTime Time { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<DirectLineTestHost> StartAsync(IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
        }

        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var bot = new FakeBot();
        var time = new FakeTime();
        builder.Services.AddDirectLine(builder.Configuration);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.RemoveAll<IDirectLineBotGateway>();
        builder.Services.AddSingleton<IDirectLineBotGateway>(bot);
        var app = builder.Build();
        app.MapDirectLine();
        bot.Connector = app.Services.GetRequiredService<DirectLineConnector>();
        await app.StartAsync();
        return new DirectLineTestHost(app, new Uri(app.Urls.First()), bot, time);
    }

    /// <summary>POST tokens/generate then conversations: the calls Web Chat's page and DirectLineJS make.</summary>
    public async Task<Session> StartConversationAsync(string? userId = null)
    {
        var generate = await Http.PostAsJsonAsync("/v3/directline/tokens/generate", new { user = new { id = userId ?? "dl_test_user" } });
        generate.EnsureSuccessStatusCode();
        var token = (await generate.Content.ReadFromJsonAsync<JsonObject>())!;
        using var start = Request(HttpMethod.Post, "/v3/directline/conversations", (string)token["token"]!, new JsonObject { ["locale"] = "en-GB" });
        var started = await Http.SendAsync(start);
        Assert.Equal(System.Net.HttpStatusCode.Created, started.StatusCode);
        var conversation = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        return new Session((string)conversation["conversationId"]!, (string)conversation["token"]!, (string)conversation["streamUrl"]!, (string)token["userId"]!);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var request = Request(method, path, token, body);
        return await Http.SendAsync(request);
    }

    public async Task<JsonObject> GetActivitiesAsync(Session session, string watermark = "")
    {
        var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities?watermark={watermark}", session.Token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Polls until <paramref name="done"/> holds for the conversation's activities (at most 10 s).</summary>
    public async Task<JsonArray> WaitForActivitiesAsync(Session session, Func<JsonArray, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var activities = (JsonArray)(await GetActivitiesAsync(session))["activities"]!;
            if (done(activities))
            {
                return activities;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The expected activities did not arrive within 10 s; got: " + activities.ToJsonString());
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record Session(string ConversationId, string Token, string StreamUrl, string UserId);
