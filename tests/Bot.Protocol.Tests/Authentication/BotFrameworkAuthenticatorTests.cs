using Bot.Protocol.Authentication;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Bot.Testing;

namespace Bot.Protocol.Tests.Authentication;

public class BotFrameworkAuthenticatorTests : IDisposable
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private readonly TestIdentityProvider _idp = new();
    private readonly FakeHttp _http;
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public BotFrameworkAuthenticatorTests() => _http = new FakeHttp(_idp);

    private BotFrameworkAuthenticator Create(BotFrameworkOptions? options = null) =>
        new(TestOptions.Wrap(options ?? TestOptions.Authenticated()), new FakeHttpClientFactory(_http), _clock);

    private static Activity Message(string channelId = "msteams", string serviceUrl = ServiceUrl) =>
        new() { Type = "message", ChannelId = channelId, ServiceUrl = serviceUrl };

    [Fact]
    public async Task A_valid_channel_token_yields_a_channel_identity()
    {
        var result = await Create().AuthenticateAsync("Bearer " + _idp.ChannelToken(ServiceUrl), Message(), default);

        Assert.Equal(InboundAuthKind.Channel, result.Kind);
        Assert.True(result.IsAuthenticated);
    }

    [Fact]
    public async Task The_scheme_is_matched_without_case_but_the_header_must_have_two_parts()
    {
        var auth = Create();
        var token = _idp.ChannelToken(ServiceUrl);

        Assert.Equal(InboundAuthKind.Channel, (await auth.AuthenticateAsync("bearer " + token, Message(), default)).Kind);
        await Assert.ThrowsAsync<BotAuthenticationException>(() => auth.AuthenticateAsync(token, Message(), default));
        await Assert.ThrowsAsync<BotAuthenticationException>(() => auth.AuthenticateAsync("Basic " + token, Message(), default));
        await Assert.ThrowsAsync<BotAuthenticationException>(() => auth.AuthenticateAsync("Bearer " + token + " extra", Message(), default));
    }

    [Fact]
    public async Task The_serviceurl_claim_is_compared_without_case()
    {
        var token = _idp.ChannelToken("HTTPS://SMBA.trafficmanager.net/amer/");

        var result = await Create().AuthenticateAsync("Bearer " + token, Message(), default);

        Assert.Equal(InboundAuthKind.Channel, result.Kind);
    }

    [Fact]
    public async Task A_channel_token_without_serviceurl_claim_is_rejected()
    {
        var token = _idp.ChannelToken(ServiceUrl, includeServiceUrl: false);

        await Assert.ThrowsAsync<BotAuthenticationException>(() => Create().AuthenticateAsync("Bearer " + token, Message(), default));
    }

    [Fact]
    public async Task A_channel_key_without_endorsements_is_rejected()
    {
        _idp.Endorsements.Clear();

        await Assert.ThrowsAsync<BotAuthenticationException>(() => Create().AuthenticateAsync("Bearer " + _idp.ChannelToken(ServiceUrl), Message(), default));
    }

    [Fact]
    public async Task A_token_expired_less_than_five_minutes_ago_is_accepted_and_one_expired_longer_is_not()
    {
        var auth = Create();
        var token = _idp.ChannelToken(ServiceUrl, expires: _clock.Now.UtcDateTime.AddMinutes(-1));
        Assert.Equal(InboundAuthKind.Channel, (await auth.AuthenticateAsync("Bearer " + token, Message(), default)).Kind);

        _clock.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<BotAuthenticationException>(() => auth.AuthenticateAsync("Bearer " + token, Message(), default));
    }

    [Fact]
    public async Task A_rotated_signing_key_is_picked_up_by_refreshing_the_metadata()
    {
        var auth = Create();
        Assert.Equal(InboundAuthKind.Channel, (await auth.AuthenticateAsync("Bearer " + _idp.ChannelToken(ServiceUrl), Message(), default)).Kind);
        var fetches = _idp.MetadataFetches;

        _idp.RotateChannelKey("channel-key-2");
        var result = await auth.AuthenticateAsync("Bearer " + _idp.ChannelToken(ServiceUrl), Message(), default);

        Assert.Equal(InboundAuthKind.Channel, result.Kind);
        Assert.Equal(fetches + 1, _idp.MetadataFetches);
    }

    [Fact]
    public async Task Unknown_key_ids_do_not_refresh_the_metadata_more_often_than_the_minimum_interval()
    {
        var options = TestOptions.Authenticated();
        options.OpenIdMinimumRefreshInterval = TimeSpan.FromMinutes(1);
        var auth = Create(options);
        await auth.AuthenticateAsync("Bearer " + _idp.ChannelToken(ServiceUrl), Message(), default);
        var stranger = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "forged" };

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<BotAuthenticationException>(() => auth.AuthenticateAsync("Bearer " + _idp.ChannelToken(ServiceUrl, key: stranger), Message(), default));
        }

        Assert.Equal(1, _idp.MetadataFetches);
    }

    [Theory]
    [InlineData("1.0", TestIdentityProvider.EmulatorIssuerV1)]
    [InlineData("2.0", TestIdentityProvider.EmulatorIssuerV2)]
    public async Task Emulator_tokens_are_checked_by_version_against_appid_or_azp(string version, string issuer)
    {
        var auth = Create();

        var ok = await auth.AuthenticateAsync("Bearer " + _idp.EmulatorToken(version, issuer: issuer), Message("emulator", "http://localhost:53559"), default);
        Assert.Equal(InboundAuthKind.Emulator, ok.Kind);

        await Assert.ThrowsAsync<BotAuthenticationException>(() =>
            auth.AuthenticateAsync("Bearer " + _idp.EmulatorToken(version, appId: "someone-else", issuer: issuer), Message("emulator", "http://localhost:53559"), default));
    }

    [Fact]
    public async Task An_Emulator_token_of_an_unknown_version_is_rejected()
    {
        await Assert.ThrowsAsync<BotAuthenticationException>(() =>
            Create().AuthenticateAsync("Bearer " + _idp.EmulatorToken("3.0"), Message("emulator", "http://localhost:53559"), default));
    }

    [Fact]
    public async Task Emulator_tokens_are_refused_unless_they_are_allowed()
    {
        var options = TestOptions.Authenticated();
        options.AllowEmulatorTokens = false;

        var error = await Assert.ThrowsAsync<BotAuthenticationException>(() =>
            Create(options).AuthenticateAsync("Bearer " + _idp.EmulatorToken(), Message("emulator", "http://localhost:53559"), default));

        Assert.Contains("AllowEmulatorTokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Emulator_token_from_its_own_tenant_is_refused_but_one_from_the_configured_tenant_is_accepted()
    {
        var tenant = Guid.NewGuid().ToString("D");
        var ownTenantIssuer = $"https://sts.windows.net/{tenant}/";
        var token = "Bearer " + _idp.EmulatorToken(issuer: ownTenantIssuer, tenantId: tenant);

        await Assert.ThrowsAsync<BotAuthenticationException>(() => Create().AuthenticateAsync(token, Message("emulator", "http://localhost:53559"), default));

        var configured = TestOptions.Authenticated();
        configured.MicrosoftAppTenantId = tenant;
        var result = await Create(configured).AuthenticateAsync(token, Message("emulator", "http://localhost:53559"), default);
        Assert.Equal(InboundAuthKind.Emulator, result.Kind);
    }

    [Theory]
    [InlineData("https://graph.microsoft.com")]
    [InlineData("00000003-0000-0000-c000-000000000000")]
    public async Task An_Emulator_token_for_another_resource_is_refused(string audience)
    {
        await Assert.ThrowsAsync<BotAuthenticationException>(() =>
            Create().AuthenticateAsync("Bearer " + _idp.EmulatorToken(audience: audience), Message("emulator", "http://localhost:53559"), default));
    }

    [Theory]
    [InlineData("https://api.botframework.com")]
    [InlineData(TestIdentityProvider.AppId)]
    [InlineData("api://" + TestIdentityProvider.AppId)]
    public async Task An_Emulator_token_for_the_bot_is_accepted(string audience)
    {
        var result = await Create().AuthenticateAsync("Bearer " + _idp.EmulatorToken(audience: audience), Message("emulator", "http://localhost:53559"), default);

        Assert.Equal(InboundAuthKind.Emulator, result.Kind);
    }

    [Fact]
    public async Task An_Emulator_token_on_another_channel_is_refused()
    {
        await Assert.ThrowsAsync<BotAuthenticationException>(() =>
            Create().AuthenticateAsync("Bearer " + _idp.EmulatorToken(), Message("msteams", "http://localhost:53559"), default));
    }

    [Fact]
    public async Task An_anonymous_bot_accepts_no_header_but_rejects_a_token()
    {
        var auth = Create(new BotFrameworkOptions());

        Assert.Equal(InboundAuthKind.Anonymous, (await auth.AuthenticateAsync(null, Message(), default)).Kind);
        await Assert.ThrowsAsync<BotAuthenticationException>(() => auth.AuthenticateAsync("Bearer " + _idp.ChannelToken(ServiceUrl), Message(), default));
    }

    public void Dispose()
    {
        _idp.Dispose();
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}
