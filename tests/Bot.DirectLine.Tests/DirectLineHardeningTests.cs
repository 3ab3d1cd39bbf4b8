using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.DirectLine.Tests;

/// <summary>The review's attacks on the Direct Line (F4, F6, F17), each reproduced on loopback, bounded.</summary>
public sealed class DirectLineHardeningTests
{
    [Fact]
    public async Task A_conversation_token_passed_as_a_stream_token_is_refused_and_keeps_working()
    {
        await using var host = await DirectLineTestHost.StartAsync();
        var session = await host.StartConversationAsync();
        var streamUrl = new Uri(session.StreamUrl);
        var forged = new Uri($"ws://{streamUrl.Authority}/v3/directline/conversations/{session.ConversationId}/stream?t={Uri.EscapeDataString(session.Token)}");

        using var socket = new ClientWebSocket();
        var refused = await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(forged, CancellationToken.None));

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token)).StatusCode);
    }

    [Fact]
    public async Task A_reserved_conversation_that_is_never_started_is_forgotten_within_seconds()
    {
        await using var host = await DirectLineTestHost.StartAsync();
        var store = host.Services.GetRequiredService<DirectLineStore>();
        var generate = await host.Http.PostAsync("/v3/directline/tokens/generate", null);
        var token = (string)(await generate.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;

        host.Time.Advance(TimeSpan.FromSeconds(21));
        var start = await host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);

        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        store.RemoveExpired();
        Assert.Equal(0, store.ConversationCount);
    }

    [Fact]
    public async Task One_address_cannot_reserve_more_than_its_quota_and_other_visitors_still_get_a_conversation()
    {
        await using var host = await DirectLineTestHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:MaxConversationsPerAddress"] = "3" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            statuses.Add((await host.Http.PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
        }

        var visitor = host.Services.GetRequiredService<DirectLineStore>().TryCreateConversation("dl_visitor", null, "203.0.113.9", out var refusal);

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(47, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotNull(visitor);
        Assert.Equal(CreateRefusal.None, refusal);

        // Unstarted reservations expire within seconds, and the address gets in again.
        host.Time.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
    }

    [Fact]
    public async Task Many_conversations_filling_their_histories_stay_within_the_global_byte_budget()
    {
        const long budget = 2 * 1024 * 1024;
        await using var host = await DirectLineTestHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:MaxTotalHistoryBytes"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var store = host.Services.GetRequiredService<DirectLineStore>();
        var padding = new string('x', 30_000);

        // 40 conversations x 1 MiB each would be 40 MiB without a global budget.
        for (var c = 0; c < 40; c++)
        {
            var conversation = store.TryCreateConversation("u" + c.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, out _)!;
            for (var i = 0; i < 20; i++)
            {
                conversation.Append(id => "{\"id\":\"" + id + "\",\"text\":\"" + padding + "\"}", streamOnly: false);
            }
        }

        Assert.InRange(store.TotalHistoryBytes, 1, budget);
    }

    [Fact]
    public async Task Channel_data_a_client_sends_is_not_kept_in_the_history()
    {
        await using var host = await DirectLineTestHost.StartAsync();
        var session = await host.StartConversationAsync();
        await host.WaitForActivitiesAsync(session, a => a.Count == 1);
        var store = host.Services.GetRequiredService<DirectLineStore>();
        var before = store.TotalHistoryBytes;

        var response = await host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject
        {
            ["type"] = "message",
            ["text"] = "hi",
            ["channelData"] = new JsonObject { ["clientActivityID"] = "c1", ["junk"] = new string('x', 50_000) },
        });

        response.EnsureSuccessStatusCode();
        var echo = (await host.WaitForActivitiesAsync(session, a => a.Any(x => (string?)x!["text"] == "hi"))).First(x => (string?)x!["text"] == "hi")!;
        Assert.Equal("c1", (string)echo["channelData"]!["clientActivityID"]!);
        Assert.Null(echo["channelData"]!["junk"]);
        Assert.True(store.TotalHistoryBytes - before < 10_000);
    }

    [Fact]
    public async Task Stream_tokens_never_appear_in_the_logs_even_at_trace()
    {
        var logs = new CapturingLogs();
        await using var host = await DirectLineTestHost.StartAsync(logs: logs);
        var session = await host.StartConversationAsync();
        var token = session.StreamUrl[(session.StreamUrl.IndexOf("t=", StringComparison.Ordinal) + 2)..];

        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri(session.StreamUrl), timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(Uri.UnescapeDataString(token), StringComparison.Ordinal));
    }

    private sealed class CapturingLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue(category + ": " + formatter(state, exception));
        }
    }
}
