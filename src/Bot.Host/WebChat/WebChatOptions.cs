using Microsoft.Extensions.Options;

namespace Bot.Host.WebChat;

/// <summary>
/// Where the web chat page at <c>/</c> gets its Direct Line token (configuration section <c>WebChat</c>).
/// By default it uses this host's own Direct Line (<c>/v3/directline</c>); in production it can use Azure's
/// Direct Line instead: either this host exchanges a Direct Line secret for a token
/// (<see cref="DirectLineSecret"/>), or the page asks another token service (<see cref="TokenUrl"/>).
/// </summary>
public sealed class WebChatOptions
{
    public const string SectionName = "WebChat";

    /// <summary>The default Azure Direct Line base URL (other regions: europe.directline.botframework.com, ...).</summary>
    public const string AzureDirectLineDomain = "https://directline.botframework.com/v3/directline";

    /// <summary>
    /// A URL the page POSTs to for a token (JSON <c>{token, userId?}</c>). Empty: this host's Direct Line
    /// (<c>/v3/directline/tokens/generate</c>), or <c>/webchat/token</c> when <see cref="DirectLineSecret"/> is set.
    /// A path (starting with /) or an absolute https URL.
    /// </summary>
    public string? TokenUrl { get; set; }

    /// <summary>
    /// The Direct Line base URL the page talks to, including <c>/v3/directline</c>. Empty: this host's own when it
    /// serves the token, Azure's (<see cref="AzureDirectLineDomain"/>) otherwise.
    /// </summary>
    public string? DirectLineDomain { get; set; }

    /// <summary>
    /// The Azure Bot's Direct Line (or Web Chat) channel secret. When set, <c>POST /webchat/token</c> exchanges it
    /// for a short-lived token so the secret never reaches the browser. Keep it in an environment variable or a
    /// secret store (<c>WebChat__DirectLineSecret</c>), never in a committed file.
    /// </summary>
    public string? DirectLineSecret { get; set; }

    /// <summary>Use the WebSocket stream (true) or polling (false).</summary>
    public bool WebSocket { get; set; } = true;

    /// <summary>Web Chat's locale (BCP-47).</summary>
    public string Locale { get; set; } = "en-GB";

    /// <summary>The page token that <c>POST /v3/directline/tokens/generate</c> asks of anonymous callers (section <c>WebChat:PageToken</c>).</summary>
    public PageTokenOptions PageToken { get; set; } = new();

    internal bool UsesLocalDirectLine => string.IsNullOrEmpty(TokenUrl) && string.IsNullOrEmpty(DirectLineSecret);
}

/// <summary>
/// The signed page token (security review F4, section <c>WebChat:PageToken</c>): the page this host serves gets one
/// in <c>GET /webchat/settings</c>, and the built-in Direct Line's <c>tokens/generate</c> requires it (or
/// <see cref="ServerSecret"/>), so a page on another site cannot make its visitors' browsers use up the conversations.
/// </summary>
public sealed class PageTokenOptions
{
    /// <summary>Require a page token (or the server secret) for <c>tokens/generate</c>. Off: anyone may ask (the per-address quota still holds).</summary>
    public bool Required { get; set; } = true;

    /// <summary>
    /// The signing key, base64 of at least 32 random bytes. Empty: a new random key per process, which is right for
    /// one instance; several instances behind one address need the same key (and sticky Direct Line routing anyway).
    /// </summary>
    public string? Key { get; set; }

    /// <summary>How long a page token is valid; the page uses it once, right after loading.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The Direct Line secret for server callers (your own token service): sent as <c>Authorization: Bearer</c> to
    /// <c>tokens/generate</c> instead of a page token, as Azure's Direct Line secret is. Empty: none. At least 32 characters.
    /// </summary>
    public string? ServerSecret { get; set; }
}

/// <summary>Checks <see cref="WebChatOptions"/> at start-up.</summary>
internal sealed class WebChatOptionsValidator : IValidateOptions<WebChatOptions>
{
    private readonly IOptions<global::Bot.DirectLine.DirectLineOptions> _directLine;

    public WebChatOptionsValidator(IOptions<global::Bot.DirectLine.DirectLineOptions> directLine) => _directLine = directLine;

    public ValidateOptionsResult Validate(string? name, WebChatOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.TokenUrl)
            && !options.TokenUrl.StartsWith('/')
            && !(Uri.TryCreate(options.TokenUrl, UriKind.Absolute, out var token) && (token.Scheme == "https" || (token.Scheme == "http" && token.IsLoopback))))
        {
            errors.Add($"WebChat:TokenUrl must be a path such as /webchat/token or an absolute https URL (was '{options.TokenUrl}').");
        }

        if (!string.IsNullOrEmpty(options.DirectLineDomain)
            && !(Uri.TryCreate(options.DirectLineDomain, UriKind.Absolute, out var domain) && (domain.Scheme == "https" || (domain.Scheme == "http" && domain.IsLoopback))))
        {
            errors.Add($"WebChat:DirectLineDomain must be an absolute https URL ending in /v3/directline (was '{options.DirectLineDomain}').");
        }

        if (!string.IsNullOrEmpty(options.DirectLineSecret) && !string.IsNullOrEmpty(options.TokenUrl))
        {
            errors.Add("WebChat:DirectLineSecret and WebChat:TokenUrl are alternatives: set one of them.");
        }

        if (options.UsesLocalDirectLine && !_directLine.Value.Enabled)
        {
            errors.Add("The web chat page needs a Direct Line: enable DirectLine:Enabled, or set WebChat:DirectLineSecret or WebChat:TokenUrl.");
        }

        if (string.IsNullOrWhiteSpace(options.Locale) || options.Locale.Length > 20)
        {
            errors.Add("WebChat:Locale must be a BCP-47 tag such as en-GB.");
        }

        var page = options.PageToken;
        if (page.Lifetime < TimeSpan.FromMinutes(1) || page.Lifetime > TimeSpan.FromHours(1))
        {
            errors.Add($"WebChat:PageToken:Lifetime must be between 00:01:00 and 01:00:00 (was {page.Lifetime}).");
        }

        if (!string.IsNullOrEmpty(page.Key) && !IsKey(page.Key))
        {
            errors.Add("WebChat:PageToken:Key must be base64 of at least 32 random bytes (for example: openssl rand -base64 32).");
        }

        if (!string.IsNullOrEmpty(page.ServerSecret) && page.ServerSecret.Length < 32)
        {
            errors.Add("WebChat:PageToken:ServerSecret must be at least 32 characters (for example: openssl rand -base64 32).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsKey(string key)
    {
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var written) && written >= 32;
    }
}
