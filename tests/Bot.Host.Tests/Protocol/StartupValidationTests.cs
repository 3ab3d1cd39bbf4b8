using Bot.Host.Tests.Support;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests.Protocol;

public sealed class StartupValidationTests
{
    [Fact]
    public void An_anonymous_bot_outside_Development_refuses_to_start_and_names_the_setting()
    {
        using var host = new BotHost(environment: "Production");

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

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
        using var host = new BotHost(settings: new()
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "app",
            ["MicrosoftAppPassword"] = "secret",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("MicrosoftAppTenantId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_login_URL_that_is_not_loopback_refuses_to_start()
    {
        using var host = new BotHost(authenticated: true, settings: new() { ["ToChannelFromBotLoginUrl"] = "http://login.example.com/botframework.com" });

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }
}
