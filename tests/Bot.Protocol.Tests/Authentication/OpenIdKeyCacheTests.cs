using Bot.Protocol.Authentication;
using Bot.Protocol.Schema;
using Bot.Testing;

namespace Bot.Protocol.Tests.Authentication;

/// <summary>F2: the identity provider hanging or failing never holds requests up once keys are known, and is not hammered.</summary>
public sealed class OpenIdKeyCacheTests : IDisposable
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private readonly TestIdentityProvider _idp = new();
    private readonly FakeHttp _http;
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private int _hookCalls;

    public OpenIdKeyCacheTests() => _http = new FakeHttp(_idp);

    private BotFrameworkAuthenticator Create(TimeSpan? backoff = null, TimeSpan? fetchTimeout = null)
    {
        var options = TestOptions.Authenticated();
        options.OpenIdRefreshInterval = TimeSpan.FromHours(12);
        options.OpenIdMinimumRefreshInterval = TimeSpan.FromMinutes(1);
        options.OpenIdFetchTimeout = fetchTimeout ?? TimeSpan.FromSeconds(10);
        options.OpenIdFailureBackoff = backoff ?? TimeSpan.FromSeconds(2);
        options.AllowEmulatorTokens = false;
        return new BotFrameworkAuthenticator(TestOptions.Wrap(options), new FakeHttpClientFactory(_http), _clock);
    }

    private static Activity Message() => new() { Type = "message", ChannelId = "msteams", ServiceUrl = ServiceUrl };

    private void Hang() => _http.IdentityProviderHook = async ct =>
    {
        Interlocked.Increment(ref _hookCalls);
        await Task.Delay(Timeout.Infinite, ct);
    };

    [Fact]
    public async Task Stale_keys_keep_validating_at_once_while_the_provider_hangs_and_only_one_fetch_runs()
    {
        var auth = Create();
        var token = "Bearer " + _idp.ChannelToken(ServiceUrl);
        await auth.AuthenticateAsync(token, Message(), default);

        Hang();
        _clock.Advance(TimeSpan.FromHours(13));
        token = "Bearer " + _idp.ChannelToken(ServiceUrl, expires: _clock.Now.UtcDateTime.AddHours(1));
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => auth.AuthenticateAsync(token, Message(), default)))
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(results, r => Assert.Equal(InboundAuthKind.Channel, r.Kind));
        // The one refresh runs in the background and may start after the answers: wait for it, then make sure
        // a second round of requests while it still hangs does not start another.
        await WaitUntil(() => Volatile.Read(ref _hookCalls) >= 1);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => auth.AuthenticateAsync(token, Message(), default)))
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, Volatile.Read(ref _hookCalls));
    }

    [Fact]
    public async Task After_a_failed_fetch_the_provider_is_not_asked_again_until_the_backoff_passes_and_the_backoff_doubles()
    {
        var auth = Create(TimeSpan.FromSeconds(2));
        var token = "Bearer " + _idp.ChannelToken(ServiceUrl);
        await auth.AuthenticateAsync(token, Message(), default);
        _http.IdentityProviderHook = _ =>
        {
            Interlocked.Increment(ref _hookCalls);
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");
        };
        _clock.Advance(TimeSpan.FromHours(13));
        token = "Bearer " + _idp.ChannelToken(ServiceUrl, expires: _clock.Now.UtcDateTime.AddHours(1));

        await auth.AuthenticateAsync(token, Message(), default);
        await WaitUntil(() => auth.Problems().Count == 1);
        for (var i = 0; i < 20; i++)
        {
            await auth.AuthenticateAsync(token, Message(), default);
        }

        var afterFirst = Volatile.Read(ref _hookCalls);
        _clock.Advance(TimeSpan.FromSeconds(2.1));
        await auth.AuthenticateAsync(token, Message(), default);
        await WaitUntil(() => Volatile.Read(ref _hookCalls) == 2);
        _clock.Advance(TimeSpan.FromSeconds(2.1));
        auth.RefreshInBackground();
        await Task.Delay(200);

        Assert.Equal(1, afterFirst);
        Assert.Equal(2, Volatile.Read(ref _hookCalls)); // the second backoff is 4 s
        var problem = Assert.Single(auth.Problems());
        Assert.True(problem.UsingCachedKeys);
    }

    [Fact]
    public async Task Without_any_keys_a_request_waits_at_most_the_fetch_timeout_and_gets_401()
    {
        var auth = Create(fetchTimeout: TimeSpan.FromSeconds(1));
        Hang();

        await Assert.ThrowsAsync<BotAuthenticationException>(() =>
            auth.AuthenticateAsync("Bearer " + _idp.ChannelToken(ServiceUrl), Message(), default).WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Before_the_first_fetch_the_provider_is_reported_as_not_ready()
    {
        var auth = Create();
        Hang();

        auth.RefreshInBackground();

        var problem = Assert.Single(auth.Problems());
        Assert.False(problem.UsingCachedKeys);
        Assert.True(problem.FirstFetchPending);
    }

    public void Dispose()
    {
        _idp.Dispose();
        _http.Dispose();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(10);
        }
    }
}
