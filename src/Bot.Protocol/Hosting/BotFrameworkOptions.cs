namespace Bot.Protocol.Hosting;

/// <summary>How the bot proves its identity to the channel (<c>MicrosoftAppType</c>).</summary>
public enum BotAppType
{
    /// <summary>App id + password, tokens from the botframework.com tenant (the default when the key is missing).</summary>
    MultiTenant,

    /// <summary>App id + password + tenant id, tokens from that tenant.</summary>
    SingleTenant,

    /// <summary>A user-assigned managed identity (app id = its client id) + tenant id; no password.</summary>
    UserAssignedMsi,
}

/// <summary>
/// Bot Framework settings, bound from the configuration root with the SDK's key names
/// (<c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, ...), so <c>appsettings.json</c>, environment
/// variables and the command line all work as they do for SDK bots. Defaults are the public-cloud values.
/// Validated at start by <see cref="BotFrameworkOptionsValidator"/>.
/// </summary>
public sealed class BotFrameworkOptions
{
    public const string PublicChannelOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string PublicEmulatorOpenIdMetadataUrl = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";
    public const string PublicChannelTokenIssuer = "https://api.botframework.com";
    public const string PublicLoginUrlBase = "https://login.microsoftonline.com/";
    public const string DefaultChannelAuthTenant = "botframework.com";
    public const string PublicOAuthScope = "https://api.botframework.com";

    /// <summary><c>MultiTenant</c> (default), <c>SingleTenant</c> or <c>UserAssignedMSI</c>, case-insensitive.</summary>
    public string? MicrosoftAppType { get; set; }

    /// <summary>The bot's app id. Empty: the bot runs unauthenticated (Emulator / Agents Playground / local Direct Line).</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>The client secret (MultiTenant, SingleTenant). Never logged.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>The tenant (SingleTenant, UserAssignedMSI).</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>OpenID metadata for tokens from Azure Bot Service channels.</summary>
    public string ToBotFromChannelOpenIdMetadataUrl { get; set; } = PublicChannelOpenIdMetadataUrl;

    /// <summary>OpenID metadata for tokens from the Emulator (Entra ID v2 common).</summary>
    public string ToBotFromEmulatorOpenIdMetadataUrl { get; set; } = PublicEmulatorOpenIdMetadataUrl;

    /// <summary>The issuer of channel tokens.</summary>
    public string ToBotFromChannelTokenIssuer { get; set; } = PublicChannelTokenIssuer;

    /// <summary>
    /// The authority the bot gets its outbound token from; <c>/oauth2/v2.0/token</c> is appended. Default:
    /// <c>https://login.microsoftonline.com/botframework.com</c> (MultiTenant) or <c>.../{MicrosoftAppTenantId}</c> (SingleTenant).
    /// </summary>
    public string? ToChannelFromBotLoginUrl { get; set; }

    /// <summary>The resource the outbound token is for; <c>/.default</c> is appended.</summary>
    public string ToChannelFromBotOAuthScope { get; set; } = PublicOAuthScope;

    /// <summary>When true (default) the login URL must name a tenant in its path, and for SingleTenant it must be <c>MicrosoftAppTenantId</c>.</summary>
    public bool ValidateAuthority { get; set; } = true;

    /// <summary>
    /// Our addition: with an empty <c>MicrosoftAppId</c> outside the Development environment, start-up is
    /// refused unless this is true (an unauthenticated bot answers anyone who can reach it).
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>
    /// Our addition: service URL prefixes (e.g. <c>https://smba.trafficmanager.net/</c>) that get the bot's
    /// token even before an authenticated activity came from them (proactive messages). An entry starting
    /// with <c>*.</c> matches any https host ending with the rest (<c>*.botframework.com</c>). In anonymous
    /// mode these (and loopback addresses) are the only service URLs the bot posts to at all, e.g. an
    /// Emulator reached through a tunnel.
    /// </summary>
    public IList<string> TrustedServiceUrls { get; set; } = [];

    /// <summary>Our addition: the largest accepted <c>/api/messages</c> body in bytes (larger: 413).</summary>
    public long MaxActivityBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// Our addition: the deepest JSON nesting accepted in an activity (System.Text.Json <c>MaxDepth</c>);
    /// deeper bodies get 400. Real activities, Adaptive Card submits and Teams channelData stay far below it.
    /// </summary>
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Our addition: the least time between two OpenID metadata refreshes caused by an unknown key id.</summary>
    public TimeSpan OpenIdMinimumRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Our addition: how long fetched OpenID metadata and keys are used before they are fetched again. The
    /// refresh runs in the background; requests keep validating with the keys they have while it runs or fails.
    /// </summary>
    public TimeSpan OpenIdRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Our addition: the time allowed for one fetch of OpenID metadata and keys (both documents).</summary>
    public TimeSpan OpenIdFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Our addition: the wait before the next fetch after a failed one; it doubles with each further failure,
    /// up to 5 minutes, so an unreachable identity provider is not hammered.
    /// </summary>
    public TimeSpan OpenIdFailureBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Our addition: whether Bot Framework Emulator tokens (Entra ID issuers, <c>appid</c>/<c>azp</c> = the app id) are
    /// accepted at all. Unset: only in the Development environment. A channel never sends them; in Production they
    /// would let anyone holding a token of the bot's own app registration in.
    /// </summary>
    public bool? AllowEmulatorTokens { get; set; }

    /// <summary>Turns: one deadline and a bound on how many run at once (section <c>Turns</c>).</summary>
    public TurnOptions Turns { get; set; } = new();

    /// <summary>Outbound Connector calls: timeouts and retries (section <c>Connector</c>).</summary>
    public ConnectorOptions Connector { get; set; } = new();

    /// <summary>True when no app id is configured: inbound requests need no token and replies carry none.</summary>
    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The parsed <see cref="MicrosoftAppType"/> (a missing value means MultiTenant, as in the SDK).</summary>
    public BotAppType AppType => TryParseAppType(MicrosoftAppType, out var type) ? type : BotAppType.MultiTenant;

    /// <summary>The effective outbound login authority (without the token path), without a trailing slash.</summary>
    public string EffectiveLoginUrl
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(ToChannelFromBotLoginUrl))
            {
                return ToChannelFromBotLoginUrl.Trim().TrimEnd('/');
            }

            var tenant = AppType == BotAppType.MultiTenant || string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
                ? DefaultChannelAuthTenant
                : MicrosoftAppTenantId.Trim();
            return PublicLoginUrlBase + tenant;
        }
    }

    internal static bool TryParseAppType(string? value, out BotAppType type)
    {
        type = BotAppType.MultiTenant;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToUpperInvariant())
        {
            case "MULTITENANT":
                type = BotAppType.MultiTenant;
                return true;
            case "SINGLETENANT":
                type = BotAppType.SingleTenant;
                return true;
            case "USERASSIGNEDMSI":
                type = BotAppType.UserAssignedMsi;
                return true;
            default:
                return false;
        }
    }
}

/// <summary>Timeouts and retries of outbound Connector calls (configuration section <c>Connector</c>).</summary>
public sealed class ConnectorOptions
{
    /// <summary>Attempts per call, the first included (retries on 429, 412, 502, 503, 504, timeouts and network errors).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one call, all attempts and waits included; a Retry-After beyond it ends the retries.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first backoff delay; it doubles per attempt, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Connector calls in flight at once, all conversations together (each holds a socket); a call beyond it waits
    /// for a free slot within its turn's deadline, so a hanging Connector cannot exhaust file descriptors.
    /// </summary>
    public int MaxConcurrentCalls { get; set; } = 256;
}

/// <summary>The time and concurrency bounds of turns (configuration section <c>Turns</c>).</summary>
public sealed class TurnOptions
{
    /// <summary>
    /// One deadline per turn, Connector calls included, below the channel's own timeout (Azure Bot Service and
    /// Teams give up after about 15 s and then resend the activity). When it passes the turn is cancelled, nothing
    /// more is sent (no apology either) and the inbound request is answered.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Turns running at once; beyond it <c>/api/messages</c> answers 503 with <c>Retry-After</c> (load shedding).</summary>
    public int MaxConcurrent { get; set; } = 512;

    /// <summary>The <c>Retry-After</c> sent with a 503 when <see cref="MaxConcurrent"/> turns are running.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the activity id of a channel-authenticated activity is remembered, so a channel's retry of the same
    /// activity is answered with 200 and no second turn.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Activity ids remembered at most (the oldest are forgotten first).</summary>
    public int MaxRememberedActivities { get; set; } = 100_000;
}
