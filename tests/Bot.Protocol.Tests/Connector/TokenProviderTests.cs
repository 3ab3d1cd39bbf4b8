using Bot.Protocol.Connector;
using Bot.Testing;

namespace Bot.Protocol.Tests.Connector;

public class TokenProviderTests
{
    [Fact]
    public async Task The_token_is_reused_until_five_minutes_before_it_expires()
    {
        using var idp = new TestIdentityProvider();
        using var http = new FakeHttp(idp);
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero));
        var provider = new ClientCredentialsTokenProvider(TestOptions.Wrap(TestOptions.Authenticated()), new FakeHttpClientFactory(http), clock);

        var first = await provider.GetTokenAsync(false, default);
        clock.Advance(TimeSpan.FromMinutes(54));
        var stillCached = await provider.GetTokenAsync(false, default);
        clock.Advance(TimeSpan.FromMinutes(2));
        var refreshed = await provider.GetTokenAsync(false, default);

        Assert.Equal("bot-token-1", first);
        Assert.Equal("bot-token-1", stillCached);
        Assert.Equal("bot-token-2", refreshed);
        Assert.Equal(new Uri("https://login.test/botframework.com/oauth2/v2.0/token"), provider.TokenEndpoint);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_fetch()
    {
        using var idp = new TestIdentityProvider();
        using var http = new FakeHttp(idp);
        var provider = new ClientCredentialsTokenProvider(TestOptions.Wrap(TestOptions.Authenticated()), new FakeHttpClientFactory(http), TimeProvider.System);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => provider.GetTokenAsync(false, default)));

        Assert.All(tokens, t => Assert.Equal("bot-token-1", t));
        Assert.Single(idp.TokenRequests);
    }

    [Fact]
    public async Task A_failing_login_endpoint_is_reported_as_a_token_error()
    {
        using var http = new FakeHttp(null) { AlwaysFailWith = System.Net.HttpStatusCode.Unauthorized };
        var provider = new ClientCredentialsTokenProvider(TestOptions.Wrap(TestOptions.Authenticated()), new FakeHttpClientFactory(http), TimeProvider.System);

        await Assert.ThrowsAsync<ChannelTokenException>(() => provider.GetTokenAsync(false, default));
    }
}
