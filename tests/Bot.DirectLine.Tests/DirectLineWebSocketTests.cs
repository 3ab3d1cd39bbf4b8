using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Bot.Tests.Services;

namespace Bot.DirectLine.Tests;

/// <summary>The WebSocket stream (<c>streamUrl</c>) the way DirectLineJS uses it.</summary>
public sealed class DirectLineWebSocketTests : IAsyncLifetime
{
    private DirectLineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DirectLineTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_stream_pushes_the_welcome_then_the_echo_and_the_answer_of_each_message()
    {
        var session = await _host.StartConversationAsync();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri(session.StreamUrl), timeout.Token);

        var texts = new List<string>();
        var watermark = "";
        while (texts.Count < 1)
        {
            var set = await DirectLineSocket.ReceiveSetAsync(socket, timeout.Token);
            texts.AddRange(((JsonArray)set["activities"]!).Select(a => (string)a!["text"]!));
            watermark = (string)set["watermark"]!;
        }

        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, timeout.Token); // DirectLineJS's ping
        var posted = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = "twitching eyelid" });
        posted.EnsureSuccessStatusCode();
        while (texts.Count < 3)
        {
            var set = await DirectLineSocket.ReceiveSetAsync(socket, timeout.Token);
            texts.AddRange(((JsonArray)set["activities"]!).Select(a => (string)a!["text"]!));
            watermark = (string)set["watermark"]!;
        }

        Assert.Equal(["Welcome. This is general information, not a diagnosis.", "twitching eyelid", "You said: twitching eyelid"], texts);
        Assert.Equal("3", watermark);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    [Fact]
    public async Task A_stream_url_works_only_once_and_reconnecting_with_a_watermark_sends_only_newer_activities()
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using (var first = new ClientWebSocket())
        {
            await first.ConnectAsync(new Uri(session.StreamUrl), timeout.Token);
            await DirectLineSocket.ReceiveSetAsync(first, timeout.Token);
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }

        using var reused = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => reused.ConnectAsync(new Uri(session.StreamUrl), timeout.Token));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = "after" });
        var reconnect = await _host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}?watermark=1", session.Token);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
        var streamUrl = (string)JsonNode.Parse(await reconnect.Content.ReadAsStringAsync())!["streamUrl"]!;
        using var second = new ClientWebSocket();
        await second.ConnectAsync(new Uri(streamUrl), timeout.Token);
        var set = await DirectLineSocket.ReceiveSetAsync(second, timeout.Token);

        Assert.Equal(["after", "You said: after"], ((JsonArray)set["activities"]!).Select(a => (string)a!["text"]!).ToArray());
        await second.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    [Fact]
    public async Task Typing_from_the_bot_goes_over_the_stream_but_not_to_polling()
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(session.StreamUrl), timeout.Token);
        await DirectLineSocket.ReceiveSetAsync(socket, timeout.Token);

        Assert.NotNull(await _host.Bot.Connector.PostAsync(session.ConversationId, new System.Text.Json.Nodes.JsonObject { ["type"] = "typing" }, null));
        var set = await DirectLineSocket.ReceiveSetAsync(socket, timeout.Token);

        Assert.Equal("typing", (string)set["activities"]![0]!["type"]!);
        var polled = await _host.GetActivitiesAsync(session);
        Assert.DoesNotContain(((JsonArray)polled["activities"]!), a => (string)a!["type"]! == "typing");
        Assert.Equal("2", (string)polled["watermark"]!);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    [Fact]
    public async Task A_plain_http_request_to_the_stream_url_is_rejected()
    {
        var session = await _host.StartConversationAsync();

        var response = await _host.Http.GetAsync(session.StreamUrl.Replace("ws://", "http://", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
