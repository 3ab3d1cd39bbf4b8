using Bot.Protocol.Hosting;
using Bot.Testing;

namespace Bot.Protocol.Tests.Hosting;

public class BotFrameworkOptionsValidatorTests
{
    private static string? Errors(BotFrameworkOptions options, string environment = "Production")
    {
        var result = new BotFrameworkOptionsValidator(new TestEnvironment(environment)).Validate(null, options);
        return result.Failed ? result.FailureMessage : null;
    }

    [Fact]
    public void The_public_cloud_defaults_are_used_when_nothing_is_configured()
    {
        var o = new BotFrameworkOptions();

        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", o.ToBotFromChannelOpenIdMetadataUrl);
        Assert.Equal("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", o.ToBotFromEmulatorOpenIdMetadataUrl);
        Assert.Equal("https://api.botframework.com", o.ToBotFromChannelTokenIssuer);
        Assert.Equal("https://login.microsoftonline.com/botframework.com", o.EffectiveLoginUrl);
        Assert.Equal("https://api.botframework.com", o.ToChannelFromBotOAuthScope);
        Assert.True(o.ValidateAuthority);
        Assert.Equal(BotAppType.MultiTenant, o.AppType);
    }

    [Fact]
    public void An_anonymous_bot_starts_in_Development_but_outside_it_only_with_the_explicit_opt_in()
    {
        Assert.Null(Errors(new BotFrameworkOptions(), "Development"));
        Assert.Contains("AllowUnauthenticated=true", Errors(new BotFrameworkOptions(), "Production"), StringComparison.Ordinal);
        Assert.Null(Errors(new BotFrameworkOptions { AllowUnauthenticated = true }, "Production"));
    }

    [Fact]
    public void SingleTenant_needs_a_tenant_and_uses_it_as_the_login_authority()
    {
        var o = new BotFrameworkOptions { MicrosoftAppType = "singletenant", MicrosoftAppId = "a", MicrosoftAppPassword = "p" };
        Assert.Contains("MicrosoftAppTenantId", Errors(o), StringComparison.Ordinal);

        o.MicrosoftAppTenantId = "11111111-2222-3333-4444-555555555555";
        Assert.Null(Errors(o));
        Assert.Equal("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555", o.EffectiveLoginUrl);
    }

    [Fact]
    public void A_login_URL_for_another_tenant_is_refused_when_the_authority_is_validated()
    {
        var o = new BotFrameworkOptions
        {
            MicrosoftAppType = "SingleTenant", MicrosoftAppId = "a", MicrosoftAppPassword = "p",
            MicrosoftAppTenantId = "11111111-2222-3333-4444-555555555555",
            ToChannelFromBotLoginUrl = "https://login.microsoftonline.com/botframework.com",
        };
        Assert.Contains("names tenant", Errors(o), StringComparison.Ordinal);

        o.ValidateAuthority = false;
        Assert.Null(Errors(o));
    }

    [Fact]
    public void A_managed_identity_needs_a_tenant_and_must_not_have_a_password()
    {
        var o = new BotFrameworkOptions { MicrosoftAppType = "UserAssignedMSI", MicrosoftAppId = "a", MicrosoftAppTenantId = "t", MicrosoftAppPassword = "p" };
        Assert.Contains("UserAssignedMSI", Errors(o), StringComparison.Ordinal);

        o.MicrosoftAppPassword = null;
        Assert.Null(Errors(o));
        Assert.Equal(BotAppType.UserAssignedMsi, o.AppType);
    }

    [Fact]
    public void MultiTenant_needs_a_password_and_an_unknown_app_type_is_refused()
    {
        Assert.Contains("MicrosoftAppPassword", Errors(new BotFrameworkOptions { MicrosoftAppId = "a" }), StringComparison.Ordinal);
        Assert.Contains("not one of", Errors(new BotFrameworkOptions { MicrosoftAppType = "Multi", MicrosoftAppId = "a", MicrosoftAppPassword = "p" }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://login.example.com/botframework.com", false)]
    [InlineData("http://127.0.0.1:5000/botframework.com", true)]
    [InlineData("http://localhost:5000/botframework.com", true)]
    [InlineData("http://[::1]:5000/botframework.com", true)]
    [InlineData("https://login.example.com/botframework.com", true)]
    [InlineData("login.microsoftonline.com/botframework.com", false)]
    public void An_http_login_URL_is_accepted_only_for_loopback(string url, bool accepted)
    {
        var o = new BotFrameworkOptions { MicrosoftAppId = "a", MicrosoftAppPassword = "p", ToChannelFromBotLoginUrl = url };

        Assert.Equal(accepted, Errors(o) is null);
    }

    [Fact]
    public void A_password_without_an_app_id_is_refused()
    {
        Assert.Contains("MicrosoftAppId is empty", Errors(new BotFrameworkOptions { MicrosoftAppPassword = "p" }, "Development"), StringComparison.Ordinal);
    }
}
