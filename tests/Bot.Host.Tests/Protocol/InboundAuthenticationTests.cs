using System.Net;
using System.Security.Cryptography;
using Bot.Host.Tests.Support;
using Bot.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Host.Tests.Protocol;

/// <summary>/api/messages with authentication on, against the local OpenID provider.</summary>
public sealed class InboundAuthenticationTests : IDisposable
{
    private const string ServiceUrl = BotHost.TeamsServiceUrl;
    private readonly BotHost _host = new(authenticated: true);

    private static Dictionary<string, object?> TeamsMessage(string text = "what is hemifacial spasm", string id = "1732250000000") =>
        Activities.Message(text, "msteams", ServiceUrl, "a:1xyz", id);

    [Fact]
    public async Task A_valid_channel_token_is_accepted_and_the_reply_carries_the_login_endpoint_token()
    {
        var response = await _host.PostActivityAsync(TeamsMessage(), _host.Identity.ChannelToken(ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_host.Network.ConnectorRequests);
        Assert.Equal("Bearer bot-token-1", sent.Authorization);
        Assert.StartsWith(ServiceUrl + "v3/conversations/a%3A1xyz/activities/1732250000000", sent.Url.AbsoluteUri, StringComparison.Ordinal);
        var form = Assert.Single(_host.Identity.TokenRequests);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task The_bot_token_is_fetched_once_and_shared_across_turns()
    {
        for (var i = 0; i < 3; i++)
        {
            var response = await _host.PostActivityAsync(TeamsMessage("question " + i, "17322500000" + i), _host.Identity.ChannelToken(ServiceUrl));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, _host.Network.ConnectorRequests.Count);
        Assert.Single(_host.Identity.TokenRequests);
    }

    [Theory]
    [InlineData("1.0", TestIdentityProvider.EmulatorIssuerV1)]
    [InlineData("2.0", TestIdentityProvider.EmulatorIssuerV2)]
    public async Task A_valid_Emulator_token_is_accepted_and_the_reply_is_sent_with_the_bot_token(string version, string issuer)
    {
        var activity = Activities.Message("what is hemifacial spasm");

        var response = await _host.PostActivityAsync(activity, _host.Identity.EmulatorToken(version, issuer: issuer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_host.Network.ConnectorRequests);
        Assert.Equal("Bearer bot-token-1", sent.Authorization);
        Assert.Equal("/v3/conversations/conv-1%7Clivechat/activities/act-1", sent.Url.AbsolutePath);
    }

    public static TheoryData<string, string> Rejected() => new()
    {
        { "missing", "" },
        { "expired", "" },
        { "wrong audience", "" },
        { "wrong issuer", "" },
        { "unknown key", "" },
        { "wrong signature", "" },
        { "alg none", "" },
        { "un-endorsed channel", "" },
        { "serviceurl mismatch", "" },
        { "garbage", "" },
        { "not bearer", "" },
        { "emulator token for another app", "" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_bad_token_is_rejected_with_401_and_nothing_is_sent(string problem, string unused)
    {
        _ = unused;
        var activity = TeamsMessage();
        string? header = problem switch
        {
            "missing" => null,
            "expired" => "Bearer " + _host.Identity.ChannelToken(ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-10)),
            "wrong audience" => "Bearer " + _host.Identity.ChannelToken(ServiceUrl, audience: "another-bot"),
            "wrong issuer" => "Bearer " + _host.Identity.ChannelToken(ServiceUrl, issuer: "https://evil.example"),
            "unknown key" => "Bearer " + _host.Identity.ChannelToken(ServiceUrl, key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "nobody-knows-me" }),
            "wrong signature" => "Bearer " + _host.Identity.ChannelToken(ServiceUrl, key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = _host.Identity.ChannelKey.KeyId }),
            "alg none" => "Bearer " + TestIdentityProvider.UnsignedToken(ServiceUrl),
            "un-endorsed channel" => "Bearer " + _host.Identity.ChannelToken(ServiceUrl),
            "serviceurl mismatch" => "Bearer " + _host.Identity.ChannelToken("https://attacker.example/"),
            "garbage" => "Bearer not.a.jwt",
            "not bearer" => "Basic " + Convert.ToBase64String("user:pass"u8.ToArray()),
            "emulator token for another app" => "Bearer " + _host.Identity.EmulatorToken(appId: "another-app"),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        if (problem == "un-endorsed channel")
        {
            activity["channelId"] = "slack";
        }

        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(activity), System.Text.Encoding.UTF8, "application/json"),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Network.ConnectorRequests);
        Assert.Empty(_host.Engine.Questions);
        Assert.Empty(_host.Identity.TokenRequests);
    }

    [Fact]
    public async Task A_service_URL_seen_only_on_a_rejected_activity_never_receives_the_token()
    {
        // An attacker posts an activity pointing at their server, with a token for a different serviceUrl.
        var evil = Activities.Message("hi", "msteams", "https://attacker.example/", "a:1", "m1");
        var rejected = await _host.PostActivityAsync(evil, _host.Identity.ChannelToken(ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.DoesNotContain(_host.Network.ConnectorRequests, r => r.Url.Host == "attacker.example");
    }

    public void Dispose() => _host.Dispose();
}
