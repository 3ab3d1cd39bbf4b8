using System.Net;
using Bot.Host.Tests.Support;
using Bot.Testing;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Reliability;

/// <summary>Secrets come from configuration and are never logged; the start-up log states the auth mode.</summary>
public sealed class SecretsTests
{
    [Fact]
    public async Task The_app_password_never_appears_in_the_logs_even_when_tokens_fail()
    {
        using var host = new BotHost(authenticated: true);
        var logs = new CapturedLogs();
        using var factory = host.With(logs: logs);

        // A good turn (token fetched and sent), a rejected token, a Connector 401 that forces a token refresh,
        // and a Connector that keeps failing.
        await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1"), host.Identity.ChannelToken(BotHost.TeamsServiceUrl));
        await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1"), "not-a-jwt");
        host.Network.ConnectorResponses.Enqueue(() => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:2"), host.Identity.ChannelToken(BotHost.TeamsServiceUrl));
        host.Network.AlwaysFailWith = HttpStatusCode.InternalServerError;
        await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:3"), host.Identity.ChannelToken(BotHost.TeamsServiceUrl));

        Assert.NotEmpty(host.Identity.TokenRequests);
        Assert.Contains(logs.Records, r => r.Level >= LogLevel.Warning);
        Assert.DoesNotContain(TestIdentityProvider.AppPassword, logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Identity.LastIssuedAccessToken, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_up_log_says_authentication_is_on_with_the_app_type_and_without_the_password()
    {
        using var host = new BotHost(authenticated: true);
        var logs = new CapturedLogs();
        using var factory = host.With(logs: logs);

        factory.CreateClient();

        var line = Assert.Single(logs.Records, r => r.Text.Contains("authentication on", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("MultiTenant", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestIdentityProvider.AppPassword, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_up_log_warns_loudly_when_authentication_is_off()
    {
        using var host = new BotHost();
        var logs = new CapturedLogs();
        using var factory = host.With(logs: logs);

        factory.CreateClient();

        var line = Assert.Single(logs.Records, r => r.Text.Contains("AUTHENTICATION IS OFF", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, line.Level);
    }

    [Fact]
    public void A_password_without_an_app_id_stops_start_up_without_echoing_the_password()
    {
        using var host = new BotHost(settings: new() { ["MicrosoftAppPassword"] = "s3cret-value-123" });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("MicrosoftAppPassword", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value-123", error.ToString(), StringComparison.Ordinal);
    }
}
