using System.Net;
using Bot.Host.Answers;
using Bot.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Tests.Browser;

/// <summary>
/// The real host (Program) on a real loopback socket: Kestrel, not TestServer, because a browser needs one and
/// the Direct Line's Connector endpoints are reached over HTTP by the bot's own Connector client. Anonymous
/// (no app id), Development, the real knowledge and answer engine unless <c>fakeEngine</c> is set.
/// </summary>
public sealed class WebChatHost : WebApplicationFactory<Program>
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "webchat-tests-" + Guid.NewGuid().ToString("N"));
    private readonly FakeAnswerEngine? _fakeEngine;
    private readonly Dictionary<string, string?> _settings;

    public WebChatHost(FakeAnswerEngine? fakeEngine = null, Dictionary<string, string?>? settings = null)
    {
        _fakeEngine = fakeEngine;
        _settings = settings ?? [];
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The address Kestrel listens on, e.g. http://127.0.0.1:41234/.</summary>
    public Uri RootUri
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Feedback:DatabasePath", Path.Combine(_dataDir, "feedback.db"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_fakeEngine is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IAnswerEngineSource>();
                services.AddSingleton<IAnswerEngineSource>(new FixedAnswerEngineSource(FakeAnswerEngine.Knowledge(_fakeEngine)));
            });
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataDir))
        {
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
