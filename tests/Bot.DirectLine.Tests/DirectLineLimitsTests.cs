using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.DirectLine.Tests;

/// <summary>Memory bounds and expiry of the Direct Line channel.</summary>
public sealed class DirectLineLimitsTests
{
    [Fact]
    public async Task Conversations_beyond_the_limit_get_429_with_retry_after_until_idle_ones_expire()
    {
        await using var host = await DirectLineTestHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:MaxConversations"] = "2" });
        await host.StartConversationAsync();
        await host.StartConversationAsync();

        var third = await host.Http.PostAsync("/v3/directline/tokens/generate", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("60", third.Headers.GetValues("Retry-After").Single());
        host.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
    }

    [Fact]
    public async Task An_idle_conversation_expires_and_its_token_stops_working()
    {
        await using var host = await DirectLineTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:ConversationIdleTimeout"] = "00:05:00",
            ["DirectLine:TokenLifetime"] = "01:00:00",
        });
        var session = await host.StartConversationAsync();
        host.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token)).StatusCode);

        host.Time.Advance(TimeSpan.FromMinutes(5));
        var store = host.Services.GetRequiredService<DirectLineStore>();
        Assert.Equal(1, store.RemoveExpired());

        var response = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, store.ConversationCount);
        Assert.Equal(0, store.TokenCount);
    }

    [Fact]
    public async Task The_history_of_a_conversation_is_bounded_and_the_watermark_keeps_growing()
    {
        await using var host = await DirectLineTestHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:MaxActivitiesPerConversation"] = "10" });
        var session = await host.StartConversationAsync();
        await host.WaitForActivitiesAsync(session, a => a.Count == 1);

        for (var i = 0; i < 8; i++)
        {
            var posted = await host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = $"q{i}" });
            posted.EnsureSuccessStatusCode();
        }

        var all = await host.GetActivitiesAsync(session);
        var activities = (JsonArray)all["activities"]!;
        Assert.Equal(10, activities.Count);
        Assert.Equal("17", (string)all["watermark"]!);
        Assert.Equal("You said: q7", (string)activities[^1]!["text"]!);
        Assert.Equal("q3", (string)activities[0]!["text"]!);
    }

    [Fact]
    public async Task A_conversation_keeps_at_most_the_configured_number_of_tokens()
    {
        await using var host = await DirectLineTestHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:MaxTokensPerConversation"] = "2" });
        var session = await host.StartConversationAsync();
        var tokens = new List<string> { session.Token };
        for (var i = 0; i < 3; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
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
    public async Task Reconnecting_over_and_over_keeps_only_a_few_stream_urls_alive()
    {
        await using var host = await DirectLineTestHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:MaxStreamsPerConversation"] = "2" });
        var session = await host.StartConversationAsync();
        var store = host.Services.GetRequiredService<DirectLineStore>();
        var before = store.TokenCount;

        for (var i = 0; i < 20; i++)
        {
            host.Time.Advance(TimeSpan.FromMilliseconds(10));
            (await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}", session.Token)).EnsureSuccessStatusCode();
        }

        Assert.True(store.TokenCount <= before + 1, $"{store.TokenCount} tokens after 20 reconnects (started with {before})");
    }
}
