using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Testing;

/// <summary>
/// A local OpenID provider for tests: channel and Emulator metadata + JWKS (with endorsements), a token
/// endpoint for the bot's client credentials, and token minting with its own RSA keys. It answers through
/// <see cref="Handle"/>, so it plugs into a <see cref="FakeHttp"/> as an in-process HTTP server.
/// </summary>
public sealed class TestIdentityProvider : IDisposable
{
    public const string Host = "login.test";
    public const string ChannelMetadataUrl = "https://login.test/channel/.well-known/openidconfiguration";
    public const string EmulatorMetadataUrl = "https://login.test/emulator/v2.0/.well-known/openid-configuration";
    public const string LoginUrl = "https://login.test/botframework.com";
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string EmulatorIssuerV1 = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";
    public const string EmulatorIssuerV2 = "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0";
    public const string AppId = "8f3e2c1a-0000-4000-8000-000000000001";
    public const string AppPassword = "test-secret-not-real";

    private readonly RSA _channelRsa = RSA.Create(2048);
    private readonly RSA _emulatorRsa = RSA.Create(2048);
    private int _tokensIssued;

    public TestIdentityProvider()
    {
        ChannelKey = new RsaSecurityKey(_channelRsa) { KeyId = "channel-key-1" };
        EmulatorKey = new RsaSecurityKey(_emulatorRsa) { KeyId = "emulator-key-1" };
    }

    public RsaSecurityKey ChannelKey { get; private set; }
    public RsaSecurityKey EmulatorKey { get; }

    /// <summary>Channels the channel key is endorsed for.</summary>
    public List<string> Endorsements { get; } = ["msteams", "webchat", "directline", "emulator", "test"];

    /// <summary>Form bodies posted to the token endpoint.</summary>
    public List<Dictionary<string, string>> TokenRequests { get; } = [];

    public int MetadataFetches { get; private set; }

    /// <summary>The access token the token endpoint hands out next ("bot-token-N").</summary>
    public string LastIssuedAccessToken => "bot-token-" + _tokensIssued;

    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Replaces the channel signing key (key rotation); returns the new key.</summary>
    public RsaSecurityKey RotateChannelKey(string kid)
    {
        ChannelKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };
        return ChannelKey;
    }

    public string ChannelToken(
        string serviceUrl,
        string? audience = AppId,
        string issuer = ChannelIssuer,
        DateTime? expires = null,
        SecurityKey? key = null,
        bool includeServiceUrl = true)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        if (includeServiceUrl)
        {
            claims["serviceurl"] = serviceUrl;
        }

        return Mint(key ?? ChannelKey, issuer, audience, claims, expires);
    }

    public string EmulatorToken(string version = "1.0", string appId = AppId, string issuer = EmulatorIssuerV1, string audience = "https://api.botframework.com", string? tenantId = null)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["ver"] = version };
        claims[version == "2.0" ? "azp" : "appid"] = appId;
        if (tenantId is not null)
        {
            claims["tid"] = tenantId;
        }

        return Mint(EmulatorKey, issuer, audience, claims, null);
    }

    /// <summary>A token with <c>alg: none</c> and no signature.</summary>
    public static string UnsignedToken(string serviceUrl)
    {
        static string B64(string s) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(s));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = B64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"channel-key-1\"}");
        var payload = B64(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = ChannelIssuer,
            ["aud"] = AppId,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now - 60,
            ["exp"] = now + 3600,
        }));
        return header + "." + payload + ".";
    }

    public static string Mint(SecurityKey key, string issuer, string? audience, IDictionary<string, object> claims, DateTime? expires)
    {
        var exp = expires ?? DateTime.UtcNow.AddHours(1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            Expires = exp,
            NotBefore = exp.AddHours(-2),
            IssuedAt = exp.AddHours(-2),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Answers requests for https://login.test/...; null for other hosts.</summary>
    public async Task<HttpResponseMessage?> Handle(HttpRequestMessage request)
    {
        if (!string.Equals(request.RequestUri!.Host, Host, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = request.RequestUri.AbsolutePath;
        switch (path)
        {
            case "/channel/.well-known/openidconfiguration":
                MetadataFetches++;
                return Json(new { issuer = ChannelIssuer, jwks_uri = "https://login.test/channel/keys" });
            case "/emulator/v2.0/.well-known/openid-configuration":
                return Json(new { issuer = "https://login.microsoftonline.com/{tenantid}/v2.0", jwks_uri = "https://login.test/emulator/keys" });
            case "/channel/keys":
                return Json(new { keys = new[] { Jwk(ChannelKey, Endorsements) } });
            case "/emulator/keys":
                return Json(new { keys = new[] { Jwk(EmulatorKey, null) } });
            case "/botframework.com/oauth2/v2.0/token":
                var form = await request.Content!.ReadAsStringAsync().ConfigureAwait(false);
                TokenRequests.Add(form.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')), StringComparer.Ordinal));
                _tokensIssued++;
                return Json(new { token_type = "Bearer", expires_in = TokenLifetimeSeconds, ext_expires_in = TokenLifetimeSeconds, access_token = LastIssuedAccessToken });
            default:
                return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
    }

    private static Dictionary<string, object> Jwk(RsaSecurityKey key, List<string>? endorsements)
    {
        var p = key.Rsa.ExportParameters(false);
        var jwk = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        };
        if (endorsements is not null)
        {
            jwk["endorsements"] = endorsements.ToArray();
        }

        return jwk;
    }

    private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };

    public void Dispose()
    {
        _channelRsa.Dispose();
        _emulatorRsa.Dispose();
    }
}
