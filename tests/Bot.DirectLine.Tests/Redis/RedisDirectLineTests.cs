using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bot.DirectLine.State;
using Bot.DirectLine.State.Redis;
using Bot.Tests.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine.Tests.Redis;

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "Redis";
}

/// <summary>
/// The Direct Line on Redis, with two channel hosts sharing one real redis-server as two instances behind a load
/// balancer would: tokens, posts, polls and streams land on different instances.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisDirectLineTests(RedisServer redis)
{
    private Dictionary<string, string?> Shared(string? prefix = null, string? key = null, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["DirectLine:TokenSigningKey"] = key ?? NewKey(),
            ["DirectLine:RedisKeyPrefix"] = prefix ?? RedisServer.UniquePrefix(),
        };
        foreach (var (k, v) in more ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        return settings;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task The_redis_store_is_used_when_a_connection_string_is_set_and_memory_otherwise()
    {
        await using var shared = await DirectLineTestHost.StartAsync(Shared());
        await using var alone = await DirectLineTestHost.StartAsync();

        Assert.IsType<RedisDirectLineStore>(shared.Services.GetRequiredService<IDirectLineStore>());
        Assert.IsType<MemoryDirectLineStore>(alone.Services.GetRequiredService<IDirectLineStore>());
    }

    [Fact]
    public async Task A_token_from_one_instance_works_on_the_other_and_a_stream_there_gets_the_replies_made_on_the_first()
    {
        var settings = Shared();
        await using var a = await DirectLineTestHost.StartAsync(settings);
        await using var b = await DirectLineTestHost.StartAsync(settings);
        var session = await a.StartConversationAsync();

        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reconnect = await b.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}", session.Token);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
        var streamUrl = (string)(await reconnect.Content.ReadFromJsonAsync<JsonObject>())!["streamUrl"]!;
        Assert.StartsWith(b.BaseAddress.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/'), streamUrl, StringComparison.Ordinal);
        await socket.ConnectAsync(new Uri(streamUrl), timeout.Token);

        var texts = new List<string>();
        var watermarks = new List<long>();
        var receiving = Task.Run(async () =>
        {
            while (texts.Count < 7)
            {
                var set = await DirectLineSocket.ReceiveSetAsync(socket, timeout.Token);
                lock (texts)
                {
                    texts.AddRange(((JsonArray)set["activities"]!).Select(x => (string)x!["text"]!));
                    watermarks.Add(long.Parse((string)set["watermark"]!, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        });
        for (var i = 0; i < 3; i++)
        {
            var host = i % 2 == 0 ? a : b;
            var posted = await host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = $"q{i}" });
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        await receiving.WaitAsync(timeout.Token);
        Assert.Equal(["Welcome. This is general information, not a diagnosis.", "q0", "You said: q0", "q1", "You said: q1", "q2", "You said: q2"], texts);
        Assert.Equal(watermarks.Order(), watermarks);
        Assert.Equal(7, watermarks[^1]);

        var polled = await a.GetActivitiesAsync(session, "3");
        Assert.Equal(["q1", "You said: q1", "q2", "You said: q2"], ((JsonArray)polled["activities"]!).Select(x => (string)x!["text"]!));
        Assert.Equal($"{session.ConversationId}|0000004", (string)polled["activities"]![0]!["id"]!);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    [Fact]
    public async Task A_stream_url_redeemed_on_one_instance_is_refused_on_the_other()
    {
        var settings = Shared();
        await using var a = await DirectLineTestHost.StartAsync(settings);
        await using var b = await DirectLineTestHost.StartAsync(settings);
        var session = await a.StartConversationAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var first = new ClientWebSocket();
        await first.ConnectAsync(new Uri(session.StreamUrl), timeout.Token);

        var onB = session.StreamUrl.Replace(a.BaseAddress.Authority, b.BaseAddress.Authority, StringComparison.Ordinal);
        using var reused = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => reused.ConnectAsync(new Uri(onB), timeout.Token));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    [Fact]
    public async Task A_tampered_token_or_one_signed_with_another_key_is_refused()
    {
        var prefix = RedisServer.UniquePrefix();
        await using var a = await DirectLineTestHost.StartAsync(Shared(prefix));
        await using var other = await DirectLineTestHost.StartAsync(Shared(prefix, key: NewKey()));
        var session = await a.StartConversationAsync();
        var path = $"/v3/directline/conversations/{session.ConversationId}/activities";
        var tampered = session.Token[..^2] + (session.Token[^2] == 'A' ? "BA" : "AA");

        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Get, path, session.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.SendAsync(HttpMethod.Get, path, tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.SendAsync(HttpMethod.Get, path, session.Token)).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused_on_every_instance()
    {
        var settings = Shared(more: new Dictionary<string, string?> { ["DirectLine:TokenLifetime"] = "00:02:00" });
        await using var a = await DirectLineTestHost.StartAsync(settings);
        await using var b = await DirectLineTestHost.StartAsync(settings);
        var session = await a.StartConversationAsync();

        b.Time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(HttpStatusCode.Forbidden, (await b.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token)).StatusCode);
    }

    [Fact]
    public async Task Only_the_newest_tokens_of_a_conversation_work_after_refreshes()
    {
        await using var host = await DirectLineTestHost.StartAsync(Shared(more: new Dictionary<string, string?> { ["DirectLine:MaxTokensPerConversation"] = "2" }));
        var session = await host.StartConversationAsync();
        var tokens = new List<string> { session.Token };
        for (var i = 0; i < 3; i++)
        {
            var refreshed = await (await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", tokens[^1])).Content.ReadFromJsonAsync<JsonObject>();
            tokens.Add((string)refreshed!["token"]!);
        }

        var statuses = new List<HttpStatusCode>();
        foreach (var token in tokens)
        {
            statuses.Add((await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", token)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task The_history_in_redis_is_bounded_and_the_watermark_keeps_growing()
    {
        await using var host = await DirectLineTestHost.StartAsync(Shared(more: new Dictionary<string, string?> { ["DirectLine:MaxActivitiesPerConversation"] = "10" }));
        var session = await host.StartConversationAsync();
        await host.WaitForActivitiesAsync(session, a => a.Count == 1);

        for (var i = 0; i < 8; i++)
        {
            (await host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = $"q{i}" })).EnsureSuccessStatusCode();
        }

        var all = await host.GetActivitiesAsync(session);
        var activities = (JsonArray)all["activities"]!;
        Assert.Equal(10, activities.Count);
        Assert.Equal("17", (string)all["watermark"]!);
        Assert.Equal("q3", (string)activities[0]!["text"]!);
        Assert.Equal("You said: q7", (string)activities[^1]!["text"]!);
    }

    [Fact]
    public async Task One_address_cannot_reserve_more_than_its_quota_across_instances()
    {
        var settings = Shared(more: new Dictionary<string, string?> { ["DirectLine:MaxConversationsPerAddress"] = "3" });
        await using var a = await DirectLineTestHost.StartAsync(settings);
        await using var b = await DirectLineTestHost.StartAsync(settings);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await (i % 2 == 0 ? a : b).Http.PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, await a.Services.GetRequiredService<IDirectLineStore>().CountOpenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_reserved_conversation_never_started_expires_in_redis()
    {
        await using var host = await DirectLineTestHost.StartAsync(Shared(more: new Dictionary<string, string?> { ["DirectLine:UnstartedConversationTimeout"] = "00:00:02" }));
        var generate = await host.Http.PostAsync("/v3/directline/tokens/generate", null);
        var token = (string)(await generate.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token)).StatusCode);
    }

    [Fact]
    public async Task Without_a_signing_key_a_host_on_redis_refuses_to_start_and_says_which_setting()
    {
        var settings = Shared();
        settings["DirectLine:TokenSigningKey"] = null;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => DirectLineTestHost.StartAsync(settings));

        Assert.Contains("DirectLine:TokenSigningKey is required when ConnectionStrings:Redis is set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_is_too_short_is_refused_at_start()
    {
        var settings = Shared(key: Convert.ToBase64String(new byte[16]));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => DirectLineTestHost.StartAsync(settings));

        Assert.Contains("DirectLine:TokenSigningKey must be base64 of at least 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_closes_when_its_conversation_is_gone_from_redis()
    {
        var prefix = RedisServer.UniquePrefix();
        await using var host = await DirectLineTestHost.StartAsync(Shared(prefix));
        var session = await host.StartConversationAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(session.StreamUrl), timeout.Token);
        await DirectLineSocket.ReceiveSetAsync(socket, timeout.Token);

        var db = host.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase();
        await db.KeyDeleteAsync(prefix + "c:" + session.ConversationId);

        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
    }
}
