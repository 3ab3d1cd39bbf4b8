using System.Net;
using Bot.Host.Tests.Support;
using Bot.Protocol.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Reliability;

/// <summary>The identity provider (OpenID metadata and keys) unreachable: cached keys keep working; without keys nothing is let in.</summary>
public sealed class IdentityProviderFaultTests : IDisposable
{
    private readonly BotHost _host = new(authenticated: true);
    private readonly Switchable _openId;

    public IdentityProviderFaultTests() => _openId = new Switchable(_host.Network);

    private WebApplicationFactory<Program> Host() => _host.With(
        services => services.AddHttpClient(BotFrameworkHttpClients.OpenId).ConfigurePrimaryHttpMessageHandler(() => new Forward(_openId)),
        settings: new()
        {
            // Refresh the keys on every request, so each one meets the outage.
            ["OpenIdRefreshInterval"] = "00:00:00.001",
            ["OpenIdMinimumRefreshInterval"] = "00:00:00",
        });

    [Fact]
    public async Task Cached_keys_keep_validating_tokens_while_the_identity_provider_is_down()
    {
        using var factory = Host();
        var token = _host.Identity.ChannelToken(BotHost.TeamsServiceUrl);
        var before = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m1"), token);

        _openId.Down = true;
        var during = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m2"), token);
        var forged = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m3"), "Bearer-less");
        var ready = await factory.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(_openId.FailedCalls > 0, "the provider was asked during the outage");
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task With_no_keys_at_all_requests_get_401_and_readiness_says_why()
    {
        using var factory = Host();
        _openId.Down = true;

        var response = await factory.PostActivityAsync(
            Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1"),
            _host.Identity.ChannelToken(BotHost.TeamsServiceUrl));
        var ready = await factory.CreateClient().GetAsync("/readyz");
        var reason = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Engine.Questions);
        Assert.Empty(_host.Network.ConnectorRequests);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("identity provider", reason, StringComparison.Ordinal);
        Assert.Contains("no signing keys", reason, StringComparison.Ordinal);
        Assert.Contains("401", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_recovers_once_the_identity_provider_answers_again()
    {
        using var factory = Host();
        var token = _host.Identity.ChannelToken(BotHost.TeamsServiceUrl);
        _openId.Down = true;
        await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m1"), token);

        _openId.Down = false;
        var response = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m2"), token);
        var ready = await factory.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    public void Dispose()
    {
        _host.Dispose();
        _openId.Dispose();
    }

    /// <summary>Forwards to the fake network, or fails like an unreachable host when <see cref="Down"/>.</summary>
    private sealed class Switchable(HttpMessageHandler network) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _network = new(network, disposeHandler: false);
        private int _failed;

        public volatile bool Down;

        public int FailedCalls => _failed;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                Interlocked.Increment(ref _failed);
                throw new HttpRequestException("Name or service not known (login.test)");
            }

            return _network.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Forward(HttpMessageHandler target) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(target, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}
