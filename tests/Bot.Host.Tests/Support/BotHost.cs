using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bot.Host.Answers;
using Bot.Protocol.Connector;
using Bot.Protocol.Hosting;
using Bot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests.Support;

/// <summary>
/// The real host (WebApplicationFactory) wired to a fake network: a local OpenID provider and token
/// endpoint with its own RSA keys, and a Connector stand-in that records what the bot sends. The answer
/// engine is <see cref="FakeAnswerEngine"/> unless <c>realEngine</c> is set.
/// </summary>
public sealed class BotHost : WebApplicationFactory<Program>
{
    public const string TeamsServiceUrl = "https://smba.trafficmanager.net/amer/";
    public const string EmulatorServiceUrl = "http://localhost:53559";

    private readonly bool _authenticated;
    private readonly bool _realEngine;
    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "bot-host-tests-" + Guid.NewGuid().ToString("N"));

    public BotHost(bool authenticated = false, bool realEngine = false, Dictionary<string, string?>? settings = null, string environment = "Development")
    {
        _authenticated = authenticated;
        _realEngine = realEngine;
        _settings = settings ?? [];
        Environment = environment;
    }

    public string Environment { get; }
    public TestIdentityProvider Identity { get; } = new();
    public FakeHttp Network => _network ??= new FakeHttp(Identity);
    public FakeAnswerEngine Engine { get; } = new();

    private FakeHttp? _network;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Feedback:DatabasePath", Path.Combine(_dataDir, "feedback.db"));
        builder.UseSetting("Connector:RetryBaseDelay", "00:00:00.001");
        builder.UseSetting("Connector:MaxRetryDelay", "00:00:00.005");
        builder.UseSetting("Connector:MaxAttempts", "3");
        if (_authenticated)
        {
            builder.UseSetting("MicrosoftAppId", TestIdentityProvider.AppId);
            builder.UseSetting("MicrosoftAppPassword", TestIdentityProvider.AppPassword);
            builder.UseSetting("ToBotFromChannelOpenIdMetadataUrl", TestIdentityProvider.ChannelMetadataUrl);
            builder.UseSetting("ToBotFromEmulatorOpenIdMetadataUrl", TestIdentityProvider.EmulatorMetadataUrl);
            builder.UseSetting("ToChannelFromBotLoginUrl", TestIdentityProvider.LoginUrl);
        }
        else
        {
            // Anonymous bots post only to loopback and configured service URLs; the Teams-style tests need this one.
            builder.UseSetting("TrustedServiceUrls:0", TeamsServiceUrl);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var name in new[] { BotFrameworkHttpClients.Connector, BotFrameworkHttpClients.Login, BotFrameworkHttpClients.OpenId })
            {
                services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => Network.CreateForwarder());
            }

            if (!_realEngine)
            {
                services.RemoveAll<IAnswerEngineSource>();
                services.AddSingleton<IAnswerEngineSource>(new FixedAnswerEngineSource(FakeAnswerEngine.Knowledge(Engine)));
            }
        });
    }

    /// <summary>Posts an activity to /api/messages, with an optional bearer token.</summary>
    public async Task<HttpResponseMessage> PostActivityAsync(object activity, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await CreateClient().SendAsync(request);
    }

    public ITrustedServiceUrls TrustedServiceUrls => Services.GetRequiredService<ITrustedServiceUrls>();

    public BotFrameworkOptions Options => Services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Identity.Dispose();
            _network?.Dispose();
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>Activities as channels send them.</summary>
public static class Activities
{
    public static Dictionary<string, object?> Message(string text, string channelId = "emulator", string serviceUrl = BotHost.EmulatorServiceUrl, string conversationId = "conv-1|livechat", string id = "act-1") => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["timestamp"] = "2026-11-22T05:00:00Z",
        ["channelId"] = channelId,
        ["serviceUrl"] = serviceUrl,
        ["conversation"] = new Dictionary<string, object?> { ["id"] = conversationId },
        ["from"] = new Dictionary<string, object?> { ["id"] = "user-1", ["name"] = "User", ["role"] = "user" },
        ["recipient"] = new Dictionary<string, object?> { ["id"] = "bot-1", ["name"] = "Bot", ["role"] = "bot" },
        ["locale"] = "en-US",
        ["text"] = text,
    };

    public static Dictionary<string, object?> Of(string type, string channelId = "emulator", string serviceUrl = BotHost.EmulatorServiceUrl, string conversationId = "conv-1|livechat")
    {
        var a = Message("", channelId, serviceUrl, conversationId);
        a.Remove("text");
        a["type"] = type;
        return a;
    }
}
