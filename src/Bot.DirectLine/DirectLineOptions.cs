using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// Settings of the self-hosted Direct Line 3.0 channel (configuration section <c>DirectLine</c>).
/// The channel keeps its conversations in this process's memory by default (one instance), or in Redis when
/// <c>ConnectionStrings:Redis</c> is set, so several instances behind a load balancer share them.
/// </summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>Serve the <c>/v3/directline</c> endpoints at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>channelId</c> stamped on activities sent to the bot: <c>webchat</c> or <c>directline</c>.</summary>
    public string ChannelId { get; set; } = "webchat";

    /// <summary>The bot's account on this channel (<c>recipient</c> of user activities).</summary>
    public string BotId { get; set; } = "hemifacial-spasm-bot";

    /// <summary>The bot's display name on this channel.</summary>
    public string BotName { get; set; } = "Hemifacial spasm information";

    /// <summary>How long a token is valid; clients refresh it (Web Chat does every 15 minutes).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A conversation nobody used for this long is forgotten (its tokens stop working).</summary>
    public TimeSpan ConversationIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a client has to open the WebSocket after it got its <c>streamUrl</c>.</summary>
    public TimeSpan StreamUrlLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Conversations kept at once (started or reserved by a token); beyond it, new ones get 429. Memory is bounded
    /// by <see cref="MaxTotalHistoryBytes"/>, so this can be generous.
    /// </summary>
    public int MaxConversations { get; set; } = 5000;

    /// <summary>
    /// Conversations one client address may hold at once (reserved or started), well below <see cref="MaxConversations"/>,
    /// so a few addresses cannot lock every other visitor out. Behind a reverse proxy, enable forwarded headers so this is the visitor's address.
    /// </summary>
    public int MaxConversationsPerAddress { get; set; } = 20;

    /// <summary>A conversation reserved by <c>tokens/generate</c> but not started (<c>POST /conversations</c>) within this time is forgotten.</summary>
    public TimeSpan UnstartedConversationTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Bytes of history every conversation together may hold; past it, the oldest activities go first.</summary>
    public long MaxTotalHistoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Activities kept per conversation; the oldest are dropped first (clients already have them).</summary>
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>Bytes of activity JSON kept per conversation; the oldest are dropped first.</summary>
    public int MaxHistoryBytesPerConversation { get; set; } = 1024 * 1024;

    /// <summary>Largest activity accepted from a client or the bot, in bytes of JSON (larger: 413).</summary>
    public int MaxActivityBytes { get; set; } = 64 * 1024;

    /// <summary>WebSocket streams open at once on one conversation.</summary>
    public int MaxStreamsPerConversation { get; set; } = 4;

    /// <summary>Tokens valid at once for one conversation (a refresh beyond it retires the oldest).</summary>
    public int MaxTokensPerConversation { get; set; } = 4;

    /// <summary>
    /// Origins allowed to call the endpoints from a browser (CORS). <c>*</c> allows any origin; tokens are
    /// bearer tokens, never cookies, so no credentials are ever allowed.
    /// </summary>
    public IList<string> AllowedOrigins { get; set; } = ["*"];

    /// <summary>
    /// With Redis: the key that signs tokens (base64 of at least 32 random bytes, the same on every instance), so
    /// any instance can check a token without a token table. Required when <c>ConnectionStrings:Redis</c> is set;
    /// give it through an environment variable (<c>DirectLine__TokenSigningKey</c>) or a secret store, never a committed file.
    /// Unused in memory (tokens are random values kept in this process).
    /// </summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>With Redis: the prefix of every key and channel the Direct Line uses (several bots can share one Redis).</summary>
    public string RedisKeyPrefix { get; set; } = "hfs:dl:";
}

/// <summary>Checks <see cref="DirectLineOptions"/> at start-up, with messages that name the setting.</summary>
internal sealed class DirectLineOptionsValidator : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions options)
    {
        var errors = new List<string>();
        void Range(string key, double value, double min, double max, string unit = "")
        {
            if (value < min || value > max)
            {
                errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"DirectLine:{key} must be between {min}{unit} and {max}{unit} (was {value}{unit})."));
            }
        }

        if (options.ChannelId is not ("webchat" or "directline"))
        {
            errors.Add($"DirectLine:ChannelId must be 'webchat' or 'directline' (was '{options.ChannelId}').");
        }

        if (string.IsNullOrWhiteSpace(options.BotId))
        {
            errors.Add("DirectLine:BotId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.BotName))
        {
            errors.Add("DirectLine:BotName must not be empty.");
        }

        Range("TokenLifetime", options.TokenLifetime.TotalSeconds, 60, 24 * 3600, " s");
        Range("ConversationIdleTimeout", options.ConversationIdleTimeout.TotalSeconds, 60, 7 * 24 * 3600, " s");
        Range("StreamUrlLifetime", options.StreamUrlLifetime.TotalSeconds, 5, 3600, " s");
        Range("MaxConversations", options.MaxConversations, 1, 1_000_000);
        Range("MaxConversationsPerAddress", options.MaxConversationsPerAddress, 1, 1_000_000);
        Range("UnstartedConversationTimeout", options.UnstartedConversationTimeout.TotalSeconds, 2, 600, " s");
        Range("MaxTotalHistoryBytes", options.MaxTotalHistoryBytes, 1024 * 1024, 64L * 1024 * 1024 * 1024);
        Range("MaxActivitiesPerConversation", options.MaxActivitiesPerConversation, 10, 100_000);
        Range("MaxHistoryBytesPerConversation", options.MaxHistoryBytesPerConversation, 16 * 1024, 256 * 1024 * 1024);
        Range("MaxActivityBytes", options.MaxActivityBytes, 1024, 4 * 1024 * 1024);
        Range("MaxStreamsPerConversation", options.MaxStreamsPerConversation, 1, 64);
        Range("MaxTokensPerConversation", options.MaxTokensPerConversation, 1, 64);
        if (options.MaxActivityBytes > options.MaxHistoryBytesPerConversation)
        {
            errors.Add("DirectLine:MaxActivityBytes must not exceed DirectLine:MaxHistoryBytesPerConversation.");
        }

        if (options.AllowedOrigins.Count == 0)
        {
            errors.Add("DirectLine:AllowedOrigins must list at least one origin ('*' for any).");
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (origin != "*" && !(Uri.TryCreate(origin, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.AbsolutePath == "/" && !origin.EndsWith('/')))
            {
                errors.Add($"DirectLine:AllowedOrigins: '{origin}' is not an origin such as https://example.org (scheme and host, no path).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.RedisKeyPrefix) || options.RedisKeyPrefix.Length > 64 || options.RedisKeyPrefix.Any(char.IsWhiteSpace))
        {
            errors.Add("DirectLine:RedisKeyPrefix must be 1-64 characters without spaces.");
        }

        if (options.TokenSigningKey is not null && State.SignedTokens.ParseKey(options.TokenSigningKey) is null)
        {
            errors.Add("DirectLine:TokenSigningKey must be base64 of at least 32 bytes (for example: openssl rand -base64 32).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>With Redis the signing key is required: without it no instance could check another's tokens.</summary>
internal sealed class DirectLineRedisOptionsValidator : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions options) =>
        string.IsNullOrWhiteSpace(options.TokenSigningKey)
            ? ValidateOptionsResult.Fail("DirectLine:TokenSigningKey is required when ConnectionStrings:Redis is set (base64 of at least 32 random bytes, the same on every instance; for example from openssl rand -base64 32, given as the environment variable DirectLine__TokenSigningKey).")
            : ValidateOptionsResult.Success;
}
