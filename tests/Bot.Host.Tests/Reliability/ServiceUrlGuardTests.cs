using System.Net;
using System.Text.Json;
using Bot.Host.Tests.Support;
using Bot.Protocol.Builder;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Reliability;

/// <summary>Server-side request forgery guard: the bot posts only to trusted service URLs.</summary>
public sealed class ServiceUrlGuardTests
{
    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("http://169.254.169.254/metadata/identity/")]
    [InlineData("http://10.1.2.3:8080/")]
    [InlineData("http://localhost.attacker.example/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/")]
    public async Task In_anonymous_mode_an_activity_naming_a_foreign_service_URL_gets_400_and_no_outbound_call(string serviceUrl)
    {
        using var host = new BotHost();

        var response = await host.PostActivityAsync(Activities.Message("what is it", "emulator", serviceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ServiceUrlNotAllowed", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(host.Network.ConnectorRequests);
        Assert.Empty(host.Engine.Questions);
    }

    [Theory]
    [InlineData("http://localhost:53559")]
    [InlineData("http://127.0.0.1:9000/")]
    [InlineData("http://[::1]:9000/")]
    [InlineData("https://smba.trafficmanager.net/amer/")] // configured in BotHost for anonymous mode
    public async Task In_anonymous_mode_loopback_and_configured_service_URLs_are_answered_without_a_token(string serviceUrl)
    {
        using var host = new BotHost();

        var response = await host.PostActivityAsync(Activities.Message("what is it", "emulator", serviceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(host.Network.ConnectorRequests);
        Assert.Null(sent.Authorization);
        Assert.Equal(new Uri(serviceUrl).Host, sent.Url.Host);
    }

    [Fact]
    public async Task In_authenticated_mode_a_service_URL_that_did_not_come_with_a_valid_token_gets_no_outbound_call()
    {
        using var host = new BotHost(authenticated: true);
        var adapter = host.Services.GetRequiredService<CloudAdapter>();
        var bot = host.Services.GetRequiredService<IBot>();
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "m1",
            Text = "what is it",
            ChannelId = "webchat",
            ServiceUrl = "https://attacker.example/",
            Conversation = new ConversationAccount { Id = "c1" },
            From = new ChannelAccount { Id = "u1" },
            Recipient = new ChannelAccount { Id = "bot" },
        };

        // An in-process channel that forgot to register its URL must not become a way to post anywhere:
        // the reply is refused before any call, and logged and counted as not delivered.
        await adapter.ProcessTrustedActivityAsync(activity, bot);

        Assert.Equal(1, adapter.UndeliveredReplies);
        Assert.Empty(host.Network.ConnectorRequests);
        Assert.Empty(host.Identity.TokenRequests);
    }

    [Fact]
    public async Task In_authenticated_mode_a_token_for_one_service_URL_cannot_redirect_replies_to_another()
    {
        using var host = new BotHost(authenticated: true);
        var token = host.Identity.ChannelToken(BotHost.TeamsServiceUrl);

        var response = await host.PostActivityAsync(Activities.Message("hi", "msteams", "http://127.0.0.1:9/", "a:1"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Network.ConnectorRequests);
        Assert.Empty(host.Identity.TokenRequests);
    }
}
