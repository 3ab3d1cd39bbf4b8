using System.Net;
using Bot.Host.Tests.Support;
using Bot.Protocol.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// The identity provider (OpenID metadata and keys) unreachable or hanging (F2, F14): cached keys keep working at
/// once, no request waits for a refresh, readiness reports the provider's state from the start, and without keys
/// nothing is let in.
/// </summary>
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
            ["OpenIdFetchTimeout"] = "00:00:01",
            ["OpenIdFailureBackoff"] = "00:00:00.050",
        });

    [Fact]
    public async Task Cached_keys_keep_validating_tokens_while_the_identity_provider_is_down()
    {
        using var factory = Host();
        var token = _host.Identity.ChannelToken(BotHost.TeamsServiceUrl);
        var before = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m1"), token);
        var client = factory.CreateClient();
        await WaitUntil(() => client.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK); // every provider's keys fetched once

        _openId.Down = true;
        var during = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m2"), token);
        var forged = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m3"), "Bearer-less");
        await WaitUntil(() => _openId.FailedCalls > 0);
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
        var client = factory.CreateClient();
        await WaitUntil(() => client.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK);
        var response = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m2"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_hanging_identity_provider_holds_up_no_request_once_the_keys_are_stale()
    {
        using var factory = Host();
        var token = _host.Identity.ChannelToken(BotHost.TeamsServiceUrl);
        var before = await factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:1", "m0"), token);
        var client = factory.CreateClient();
        await WaitUntil(() => client.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK); // every provider's keys fetched once

        // Every request now finds the keys stale (refresh interval 1 ms) while the provider never answers.
        _openId.Hang = true;
        var turns = Enumerable.Range(1, 20)
            .Select(i => factory.PostActivityAsync(Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "a:h" + i, "h" + i), token, client))
            .ToList();
        var results = await Task.WhenAll(turns).WaitAsync(TimeSpan.FromSeconds(60));
        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(21, _host.Engine.Questions.Count);
        Assert.True(_openId.HangingCalls > 0, "the provider was asked while it hung");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync()); // stale but valid keys: still serving
    }

    [Fact]
    public async Task Readiness_reports_an_unreachable_identity_provider_from_start_up_before_any_request()
    {
        _openId.Down = true;
        using var factory = Host();
        var client = factory.CreateClient();

        await WaitUntil(() => _openId.FailedCalls > 0);
        var ready = await client.GetAsync("/readyz");
        var reason = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("identity provider", reason, StringComparison.Ordinal);
        Assert.Empty(_host.Engine.Questions);
    }

    public void Dispose()
    {
        _host.Dispose();
        _openId.Dispose();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(20);
        }
    }

    /// <summary>Forwards to the fake network, or fails like an unreachable host when <see cref="Down"/>.</summary>
    private sealed class Switchable(HttpMessageHandler network) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _network = new(network, disposeHandler: false);
        private int _failed;

        private int _hanging;

        public volatile bool Down;

        public volatile bool Hang;

        public int FailedCalls => _failed;

        public int HangingCalls => _hanging;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                Interlocked.Increment(ref _failed);
                throw new HttpRequestException("Name or service not known (login.test)");
            }

            if (Hang)
            {
                Interlocked.Increment(ref _hanging);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return await _network.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Forward(HttpMessageHandler target) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(target, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}
