using System.Net;
using System.Text.Json;
using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Reliability;

/// <summary>Rate limits per conversation and per client address: 429 with Retry-After, nothing reaches the bot.</summary>
public sealed class RateLimitingTests : IDisposable
{
    private static readonly IPAddress ClientA = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress ClientB = IPAddress.Parse("198.51.100.20");
    private readonly BotHost _host = new();

    [Fact]
    public async Task A_conversation_sending_faster_than_its_limit_gets_429_with_Retry_After_and_others_are_still_served()
    {
        using var factory = _host.With(settings: new()
        {
            ["RateLimiting:PerConversation:Burst"] = "3",
            ["RateLimiting:PerConversation:PerSecond"] = "0.05",
        });

        for (var i = 0; i < 3; i++)
        {
            var ok = await factory.PostActivityAsync(Activities.Message("what is it " + i, conversationId: "busy", id: "a" + i));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var refused = await factory.PostActivityAsync(Activities.Message("one more", conversationId: "busy", id: "a4"));
        var other = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "quiet", id: "b1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is at least one second");
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("TooManyRequests", error.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(4, _host.Engine.Questions.Count);
        Assert.DoesNotContain(_host.Engine.Questions, q => q.Text == "one more");
    }

    [Fact]
    public async Task The_same_conversation_id_on_another_channel_has_its_own_budget()
    {
        using var factory = _host.With(settings: new()
        {
            ["RateLimiting:PerConversation:Burst"] = "1",
            ["RateLimiting:PerConversation:PerSecond"] = "0.05",
        });

        var first = await factory.PostActivityAsync(Activities.Message("what is it", "emulator", conversationId: "c"));
        var second = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, conversationId: "c"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task A_client_address_over_its_messages_limit_gets_429_and_other_addresses_are_still_served()
    {
        using var factory = _host.With(settings: new()
        {
            ["RateLimiting:MessagesPerClient:Burst"] = "3",
            ["RateLimiting:MessagesPerClient:PerSecond"] = "0.05",
        });

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var json = JsonSerializer.Serialize(Activities.Message("what is it", conversationId: "c" + i));
            statuses.Add((await factory.SendFromAsync(ClientA, "POST", "/api/messages", json)).Status);
        }

        var refused = await factory.SendFromAsync(ClientA, "POST", "/api/messages", JsonSerializer.Serialize(Activities.Message("x", conversationId: "c9")));
        var otherClient = await factory.SendFromAsync(ClientB, "POST", "/api/messages", JsonSerializer.Serialize(Activities.Message("what is it", conversationId: "d1")));

        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal(429, refused.Status);
        Assert.True(int.Parse(refused.RetryAfter, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("TooManyRequests", refused.Body, StringComparison.Ordinal);
        Assert.Equal(200, otherClient.Status);
        Assert.Equal(4, _host.Engine.Questions.Count);
    }

    [Fact]
    public async Task A_client_starting_more_Direct_Line_conversations_than_its_limit_gets_429()
    {
        using var factory = _host.With(settings: new()
        {
            ["RateLimiting:ConversationsPerClient:Burst"] = "2",
            ["RateLimiting:ConversationsPerClient:PerSecond"] = "0.01",
            ["WebChat:PageToken:Required"] = "false", // the rate limit alone (the page token has its own tests)
        });

        var first = await factory.SendFromAsync(ClientA, "POST", "/v3/directline/tokens/generate", "{}");
        var second = await factory.SendFromAsync(ClientA, "POST", "/v3/directline/tokens/generate", "{}");
        var third = await factory.SendFromAsync(ClientA, "POST", "/v3/directline/tokens/generate", "{}");
        var otherClient = await factory.SendFromAsync(ClientB, "POST", "/v3/directline/tokens/generate", "{}");

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal(429, third.Status);
        Assert.True(int.Parse(third.RetryAfter, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(200, otherClient.Status);
    }

    [Fact]
    public async Task A_client_over_its_Direct_Line_limit_gets_429_but_health_and_the_bot_connector_path_are_not_limited()
    {
        using var factory = _host.With(settings: new()
        {
            ["RateLimiting:DirectLinePerClient:Burst"] = "2",
            ["RateLimiting:DirectLinePerClient:PerSecond"] = "0.05",
        });

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await factory.SendFromAsync(ClientA, "GET", "/v3/directline/conversations/c1/activities")).Status);
        }

        var health = await factory.SendFromAsync(ClientA, "GET", "/healthz");
        var connector = await factory.SendFromAsync(ClientA, "POST", "/v3/directline-connector/v3/conversations/c1/activities", "{}");

        Assert.Equal(429, statuses[2]);
        Assert.Equal(200, health.Status);
        Assert.NotEqual(429, connector.Status);
    }

    [Fact]
    public async Task With_rate_limiting_disabled_nothing_is_refused()
    {
        using var factory = _host.With(settings: new()
        {
            ["RateLimiting:Enabled"] = "false",
            ["RateLimiting:PerConversation:Burst"] = "1",
            ["RateLimiting:MessagesPerClient:Burst"] = "1",
        });

        for (var i = 0; i < 5; i++)
        {
            var response = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "same", id: "m" + i));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("RateLimiting:PerConversation:Burst", "0")]
    [InlineData("RateLimiting:MessagesPerClient:PerSecond", "-1")]
    public void An_invalid_limit_stops_start_up_naming_the_setting(string key, string value)
    {
        using var factory = _host.With(settings: new() { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(key.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
