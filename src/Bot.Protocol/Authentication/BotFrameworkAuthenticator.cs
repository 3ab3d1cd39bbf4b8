using System.Collections.Concurrent;
using System.Security.Claims;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Protocol.Authentication;

/// <summary>How an inbound activity was authenticated.</summary>
public enum InboundAuthKind
{
    /// <summary>No app id configured and no token sent.</summary>
    Anonymous,

    /// <summary>A token from an Azure Bot Service channel (issuer <c>https://api.botframework.com</c>).</summary>
    Channel,

    /// <summary>A token from the Bot Framework Emulator (Entra ID issuers, <c>appid</c>/<c>azp</c> = app id).</summary>
    Emulator,

    /// <summary>An activity handed over in-process by a trusted channel (the self-hosted Direct Line).</summary>
    TrustedInProcess,
}

/// <summary>The outcome of a successful inbound authentication.</summary>
public sealed record InboundAuthResult(InboundAuthKind Kind, ClaimsIdentity Identity)
{
    /// <summary>True when a token was validated, so the activity's serviceUrl may receive the bot's token.</summary>
    public bool IsAuthenticated => Kind is InboundAuthKind.Channel or InboundAuthKind.Emulator;
}

/// <summary>An identity provider whose metadata or keys could not be fetched.</summary>
/// <param name="MetadataUrl">The OpenID metadata URL.</param>
/// <param name="Error">What went wrong on the last fetch.</param>
/// <param name="UsingCachedKeys">True when earlier keys are still used, false when no keys are available (requests get 401).</param>
/// <param name="FirstFetchPending">True when the first fetch has not finished yet (at start-up) and none failed so far.</param>
public sealed record IdentityProviderProblem(Uri MetadataUrl, string Error, bool UsingCachedKeys, bool FirstFetchPending = false);

/// <summary>Validates the <c>Authorization</c> header of an inbound activity.</summary>
public interface IBotFrameworkAuthenticator
{
    /// <summary>Returns the caller's identity, or throws <see cref="BotAuthenticationException"/>.</summary>
    Task<InboundAuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}

/// <summary>
/// Inbound JWT validation as the Bot Framework SDK does it (protocol.md §3.1):
/// <list type="bullet">
/// <item>No header: accepted only when no app id is configured (anonymous); a header sent to an anonymous bot is rejected, as in the SDK.</item>
/// <item>The header must be exactly <c>Bearer &lt;jwt&gt;</c>; the algorithm must be RS256 and the key id known (unknown ids refresh the keys once).</item>
/// <item>Emulator tokens (issuer in the fixed Emulator list, or the v1/v2 issuer of the <b>configured</b> <c>MicrosoftAppTenantId</c>, as the SDK
/// does; never the token's own <c>tid</c>): refused unless <see cref="BotFrameworkOptions.AllowEmulatorTokens"/> (unset: Development only);
/// keys from the Emulator metadata; <c>aud</c> must be the app id, <c>api://</c> + app id or <c>ToChannelFromBotOAuthScope</c> (what the Emulator
/// asks for), so a token the bot's app registration got for another resource (Graph, ...) is refused; the activity's channel must be
/// <c>emulator</c>; <c>ver</c> 1.0 → <c>appid</c>, 2.0 → <c>azp</c> must equal the app id.</item>
/// <item>Channel tokens: issuer = <c>ToBotFromChannelTokenIssuer</c>, <c>aud</c> = app id, keys from the channel metadata, the key endorsed for the
/// activity's <c>channelId</c>, the <c>serviceurl</c> claim equal to <c>activity.serviceUrl</c>.</item>
/// <item>Lifetime with 5 minutes' clock skew; expiry required; signature required.</item>
/// </list>
/// </summary>
public sealed class BotFrameworkAuthenticator : IBotFrameworkAuthenticator
{
    /// <summary>The Emulator's token issuers (v3.1 and v3.2 tenants, and US Government).</summary>
    public static readonly IReadOnlyList<string> EmulatorIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
        "https://sts.windows.net/cab8a31a-1906-4287-a0d8-4eef66b95f6e/",
        "https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0",
    ];

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BotFrameworkOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, OpenIdKeyCache> _caches = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BotFrameworkAuthenticator(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _time = time;
    }

    public async Task<InboundAuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            if (_options.IsAnonymous)
            {
                return new InboundAuthResult(InboundAuthKind.Anonymous, new ClaimsIdentity("anonymous"));
            }

            throw new BotAuthenticationException("No Authorization header.");
        }

        if (_options.IsAnonymous)
        {
            throw new BotAuthenticationException("A token was sent but the bot has no MicrosoftAppId (configure the client without an app id, or the bot with one).");
        }

        var parts = authorizationHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new BotAuthenticationException("The Authorization header is not 'Bearer <token>'.");
        }

        var token = parts[1];
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            throw new BotAuthenticationException("The bearer token is not a JWT.");
        }

        if (!string.Equals(jwt.Alg, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal))
        {
            throw new BotAuthenticationException($"Token algorithm '{jwt.Alg}' is not allowed (RS256 only).");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            throw new BotAuthenticationException("The token names no signing key (kid).");
        }

        var issuer = jwt.Issuer;
        var emulatorIssuers = EmulatorIssuersFor(_options.MicrosoftAppTenantId);
        var isEmulator = emulatorIssuers.Contains(issuer, StringComparer.Ordinal);
        if (isEmulator)
        {
            if (_options.AllowEmulatorTokens != true)
            {
                throw new BotAuthenticationException("Emulator tokens are not accepted here (AllowEmulatorTokens; by default only in Development).");
            }

            if (!string.Equals(activity.ChannelId, Channels.Emulator, StringComparison.Ordinal))
            {
                throw new BotAuthenticationException("An Emulator token is accepted only on the emulator channel.");
            }
        }

        var metadataUrl = isEmulator ? _options.ToBotFromEmulatorOpenIdMetadataUrl : _options.ToBotFromChannelOpenIdMetadataUrl;
        if (!isEmulator && !string.Equals(issuer, _options.ToBotFromChannelTokenIssuer, StringComparison.Ordinal))
        {
            throw new BotAuthenticationException("The token issuer is neither the channel issuer nor an Emulator issuer.");
        }

        var signingKey = await CacheFor(metadataUrl).GetKeyAsync(jwt.Kid, cancellationToken).ConfigureAwait(false)
            ?? throw new BotAuthenticationException("The token's signing key is not published by the OpenID metadata.");

        if (signingKey.Endorsements.Count > 0)
        {
            if (string.IsNullOrEmpty(activity.ChannelId) || !signingKey.Endorsements.Contains(activity.ChannelId, StringComparer.Ordinal))
            {
                throw new BotAuthenticationException($"The signing key is not endorsed for channel '{activity.ChannelId}'.");
            }
        }
        else if (!isEmulator)
        {
            throw new BotAuthenticationException("The channel token's signing key carries no endorsements.");
        }

        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuers = isEmulator ? emulatorIssuers : [_options.ToBotFromChannelTokenIssuer],
            ValidateAudience = true,
            ValidAudiences = isEmulator
                ? [_options.MicrosoftAppId, "api://" + _options.MicrosoftAppId, _options.ToChannelFromBotOAuthScope.TrimEnd('/')]
                : [_options.MicrosoftAppId],
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            IssuerSigningKey = signingKey.Key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            TryAllIssuerSigningKeys = false,
            LifetimeValidator = (notBefore, expires, _, _) => ValidateLifetime(notBefore, expires),
        };

        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw new BotAuthenticationException("Token validation failed: " + (result.Exception?.GetType().Name ?? "invalid token") + ".");
        }

        var identity = result.ClaimsIdentity;
        if (isEmulator)
        {
            var version = identity.FindFirst("ver")?.Value;
            var appIdClaim = version switch
            {
                null or "" or "1.0" => "appid",
                "2.0" => "azp",
                _ => throw new BotAuthenticationException($"Emulator token version '{version}' is not supported."),
            };
            var appId = identity.FindFirst(appIdClaim)?.Value;
            if (!string.Equals(appId, _options.MicrosoftAppId, StringComparison.Ordinal))
            {
                throw new BotAuthenticationException($"The Emulator token's {appIdClaim} is not this bot's app id.");
            }

            return new InboundAuthResult(InboundAuthKind.Emulator, identity);
        }

        var serviceUrlClaim = identity.FindFirst("serviceurl")?.Value;
        if (string.IsNullOrEmpty(serviceUrlClaim))
        {
            throw new BotAuthenticationException("The channel token has no serviceurl claim.");
        }

        if (!string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            throw new BotAuthenticationException("The token's serviceurl claim does not match the activity's serviceUrl.");
        }

        return new InboundAuthResult(InboundAuthKind.Channel, identity);
    }

    /// <summary>
    /// Problems with the identity providers seen so far: a metadata URL whose last fetch failed, and whether
    /// cached keys still cover for it (tokens keep validating) or none were ever fetched (every token gets 401).
    /// </summary>
    public IReadOnlyList<IdentityProviderProblem> Problems() =>
        _caches.Values
            .Where(c => c.LastError is not null || !c.HasKeys)
            .Select(c => c.LastError is { } error
                ? new IdentityProviderProblem(c.MetadataUrl, error, c.HasKeys)
                : new IdentityProviderProblem(c.MetadataUrl, "signing keys not fetched yet", false, FirstFetchPending: true))
            .ToList();

    /// <summary>
    /// Starts fetching the keys of every identity provider this bot accepts tokens from (the channel's, and the
    /// Emulator's when allowed) without waiting, and refreshes stale keys in the background; called at start-up and
    /// then periodically, so readiness knows the providers' state before the first request and no request waits.
    /// </summary>
    public void RefreshInBackground()
    {
        if (_options.IsAnonymous)
        {
            return;
        }

        CacheFor(_options.ToBotFromChannelOpenIdMetadataUrl).RefreshIfDue();
        if (_options.AllowEmulatorTokens == true)
        {
            CacheFor(_options.ToBotFromEmulatorOpenIdMetadataUrl).RefreshIfDue();
        }

        foreach (var cache in _caches.Values)
        {
            cache.RefreshIfDue();
        }
    }

    /// <summary>The fixed Emulator issuers plus the v1/v2 pair of the configured tenant (single-tenant bots), as in the SDK.</summary>
    private static List<string> EmulatorIssuersFor(string? configuredTenant)
    {
        var issuers = new List<string>(EmulatorIssuers);
        if (Guid.TryParse(configuredTenant, out var tenant))
        {
            var t = tenant.ToString("D");
            issuers.Add($"https://sts.windows.net/{t}/");
            issuers.Add($"https://login.microsoftonline.com/{t}/v2.0");
        }

        return issuers;
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null || expires.Value.ToUniversalTime() + ClockSkew < now)
        {
            return false;
        }

        return notBefore is null || notBefore.Value.ToUniversalTime() - ClockSkew <= now;
    }

    private OpenIdKeyCache CacheFor(string metadataUrl) =>
        _caches.GetOrAdd(metadataUrl, url => new OpenIdKeyCache(
            new Uri(url),
            () => _httpClientFactory.CreateClient(BotFrameworkHttpClients.OpenId),
            _time,
            _options.OpenIdRefreshInterval,
            _options.OpenIdMinimumRefreshInterval,
            _options.OpenIdFetchTimeout,
            _options.OpenIdFailureBackoff));
}
