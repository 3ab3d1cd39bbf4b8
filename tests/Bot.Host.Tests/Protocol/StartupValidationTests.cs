using Bot.Host.Tests.Support;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests.Protocol;

public sealed class StartupValidationTests
{
    /// <summary>
    /// The validation error a host's start fails with. WebApplicationFactory's deferred host can be disposed by the
    /// failed start before it reads the lifetime service, and then throws ObjectDisposedException instead of the
    /// start's own error (a race in the test host, seen once under load); such a start is tried again, at most twice.
    /// </summary>
    private static OptionsValidationException StartupError(Func<BotHost> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var host = create();
            try
            {
                host.CreateClient();
            }
            catch (OptionsValidationException error)
            {
                return error;
            }
            catch (ObjectDisposedException) when (attempt < 3)
            {
                continue;
            }

            throw new Xunit.Sdk.XunitException("the host started although its settings are invalid");
        }
    }

    [Fact]
    public void An_anonymous_bot_outside_Development_refuses_to_start_and_names_the_setting()
    {
        var error = StartupError(() => new BotHost(environment: "Production"));

        Assert.Contains("AllowUnauthenticated=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anonymous_bot_outside_Development_starts_with_the_explicit_opt_in()
    {
        using var host = new BotHost(environment: "Production", settings: new() { ["AllowUnauthenticated"] = "true" });

        Assert.NotNull(host.CreateClient());
        Assert.True(host.Options.IsAnonymous);
    }

    [Fact]
    public void A_single_tenant_bot_without_a_tenant_refuses_to_start()
    {
        var error = StartupError(() => new BotHost(settings: new()
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "app",
            ["MicrosoftAppPassword"] = "secret",
        }));

        Assert.Contains("MicrosoftAppTenantId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_login_URL_that_is_not_loopback_refuses_to_start()
    {
        var error = StartupError(() => new BotHost(authenticated: true, settings: new() { ["ToChannelFromBotLoginUrl"] = "http://login.example.com/botframework.com" }));

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }
}
