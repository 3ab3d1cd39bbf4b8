using Bot.Protocol.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Bot.Testing;

/// <summary>An IHttpClientFactory whose clients all go to one fake network.</summary>
public sealed class FakeHttpClientFactory(FakeHttp http) : IHttpClientFactory
{
    public List<string> Names { get; } = [];

    public HttpClient CreateClient(string name)
    {
        Names.Add(name);
        return new HttpClient(http.CreateForwarder());
    }
}

public sealed class TestEnvironment(string name) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = name;
    public string ApplicationName { get; set; } = "Bot.Tests";
    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}

public static class TestOptions
{
    /// <summary>Authenticated options pointing at the local identity provider.</summary>
    public static BotFrameworkOptions Authenticated() => new()
    {
        MicrosoftAppId = TestIdentityProvider.AppId,
        MicrosoftAppPassword = TestIdentityProvider.AppPassword,
        ToBotFromChannelOpenIdMetadataUrl = TestIdentityProvider.ChannelMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl = TestIdentityProvider.EmulatorMetadataUrl,
        ToChannelFromBotLoginUrl = TestIdentityProvider.LoginUrl,
        OpenIdMinimumRefreshInterval = TimeSpan.Zero,
        AllowEmulatorTokens = true,
        Connector = new ConnectorOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) },
    };

    public static IOptions<BotFrameworkOptions> Wrap(BotFrameworkOptions options) => Options.Create(options);
}
