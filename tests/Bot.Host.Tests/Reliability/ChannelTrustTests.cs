using System.Net;
using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// F8: Emulator tokens (tokens of the bot's own app registration) are refused in Production, checked for issuer,
/// audience and channel as the SDK does, and never make an arbitrary service URL receive the bot's token.
/// F9: a channel's retry of the same activity id is answered once.
/// </summary>
public sealed class ChannelTrustTests : IDisposable
{
    private readonly List<BotHost> _hosts = [];

    private BotHost Host(string environment = "Development", Dictionary<string, string?>? settings = null)
    {
        var host = new BotHost(authenticated: true, environment: environment, settings: settings);
        _hosts.Add(host);
        return host;
    }

    [Fact]
    public async Task An_Emulator_token_is_refused_in_Production_and_nothing_is_sent()
    {
        var host = Host("Production");

        var response = await host.PostActivityAsync(Activities.Message("what is it"), host.Identity.EmulatorToken());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Network.ConnectorRequests);
        Assert.Empty(host.Engine.Questions);
    }

    [Fact]
    public async Task An_Emulator_token_is_accepted_in_Production_when_AllowEmulatorTokens_is_set()
    {
        var host = Host("Production", new() { ["AllowEmulatorTokens"] = "true" });

        var response = await host.PostActivityAsync(Activities.Message("what is it"), host.Identity.EmulatorToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task An_Emulator_token_issued_by_its_own_tenant_is_refused()
    {
        var host = Host();
        var tenant = Guid.NewGuid().ToString("D");

        var response = await host.PostActivityAsync(
            Activities.Message("what is it"),
            host.Identity.EmulatorToken(issuer: $"https://sts.windows.net/{tenant}/", tenantId: tenant));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task An_Emulator_token_for_another_resource_is_refused()
    {
        var host = Host();

        var response = await host.PostActivityAsync(Activities.Message("what is it"), host.Identity.EmulatorToken(audience: "https://graph.microsoft.com"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task An_Emulator_token_naming_a_remote_service_URL_does_not_get_the_bot_token_sent_there()
    {
        var host = Host();

        var response = await host.PostActivityAsync(
            Activities.Message("what is it", serviceUrl: "https://collector.example.net/"),
            host.Identity.EmulatorToken());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ServiceUrlNotAllowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Network.ConnectorRequests);
        Assert.Empty(host.Identity.TokenRequests);
    }

    [Fact]
    public async Task A_channel_retry_of_the_same_activity_id_is_answered_once()
    {
        var host = Host();
        var token = host.Identity.ChannelToken(BotHost.TeamsServiceUrl);
        var activity = Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:retry", "1733000000001");

        var first = await host.PostActivityAsync(activity, token);
        var retry = await host.PostActivityAsync(activity, token);
        var next = await host.PostActivityAsync(Activities.Message("and the cause?", "msteams", BotHost.TeamsServiceUrl, "a:retry", "1733000000002"), token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(2, host.Engine.Questions.Count);
        Assert.Equal(2, host.Network.ConnectorRequests.Count);
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }
}
