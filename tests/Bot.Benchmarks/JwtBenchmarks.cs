using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bot.Protocol.Authentication;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Benchmarks;

/// <summary>
/// Inbound JWT validation as every authenticated turn pays for it: a channel token (RS256, 2048-bit key)
/// minted with a local RSA key, checked by the real <see cref="BotFrameworkAuthenticator"/> against keys
/// it has already fetched and cached from an in-process OpenID provider (issuer, audience, lifetime,
/// signature, endorsement for the channel, serviceurl claim).
/// </summary>
[MemoryDiagnoser]
public class JwtBenchmarks
{
    private const string AppId = "8f3e2c1a-0000-4000-8000-000000000001";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private readonly RSA _rsa = RSA.Create(2048);
    private BotFrameworkAuthenticator _authenticator = null!;
    private Activity _activity = null!;
    private string _header = "";

    [GlobalSetup]
    public void Setup()
    {
        var key = new RsaSecurityKey(_rsa) { KeyId = "bench-key-1" };
        var options = Options.Create(new BotFrameworkOptions
        {
            MicrosoftAppId = AppId,
            ToBotFromChannelOpenIdMetadataUrl = LocalOpenIdProvider.MetadataUrl,
        });
        _authenticator = new BotFrameworkAuthenticator(options, new LocalOpenIdProvider(_rsa, key.KeyId), TimeProvider.System);
        _activity = new Activity { Type = ActivityTypes.Message, ChannelId = Channels.Msteams, ServiceUrl = ServiceUrl, Text = "hello" };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BotFrameworkOptions.PublicChannelTokenIssuer,
            Audience = AppId,
            Expires = DateTime.UtcNow.AddHours(1),
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Subject = new ClaimsIdentity([new Claim("serviceurl", ServiceUrl)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        _header = "Bearer " + token;
        // First call fetches and caches the keys; the benchmark measures the cached path.
        var first = _authenticator.AuthenticateAsync(_header, _activity, CancellationToken.None).GetAwaiter().GetResult();
        if (first.Kind != InboundAuthKind.Channel)
        {
            throw new InvalidOperationException("The benchmark token was not accepted as a channel token.");
        }
    }

    [Benchmark(Description = "validate channel JWT (cached keys)")]
    public Task<InboundAuthResult> Validate() => _authenticator.AuthenticateAsync(_header, _activity, CancellationToken.None);

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();

    /// <summary>OpenID metadata and a JWKS with one endorsed key, served in process (no network).</summary>
    private sealed class LocalOpenIdProvider(RSA rsa, string kid) : HttpMessageHandler, IHttpClientFactory
    {
        public const string MetadataUrl = "https://login.bench.invalid/v1/.well-known/openidconfiguration";
        private const string JwksUrl = "https://login.bench.invalid/v1/keys";

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.AbsoluteUri;
            string body;
            if (url == MetadataUrl)
            {
                body = $$"""{"issuer":"{{BotFrameworkOptions.PublicChannelTokenIssuer}}","jwks_uri":"{{JwksUrl}}","id_token_signing_alg_values_supported":["RS256"]}""";
            }
            else if (url == JwksUrl)
            {
                var p = rsa.ExportParameters(includePrivateParameters: false);
                body = $$"""{"keys":[{"kty":"RSA","use":"sig","kid":"{{kid}}","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}","endorsements":["msteams","webchat","directline","emulator"]}]}""";
            }
            else
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
