using Microsoft.Extensions.Options;

namespace Bot.Host.Limits;

/// <summary>
/// Input limits beyond the protocol's own (<c>MaxActivityBytes</c>, <c>MaxJsonDepth</c>), configuration
/// section <c>Limits</c>. Every limit answers with a clear response: 413 for a body too large, 400 with an
/// ErrorResponse naming the limit for too many attachments or entities, and a text beyond
/// <see cref="MaxTextChars"/> is cut: the bot answers its first part and the reply says so.
/// </summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>The largest request body Kestrel accepts on any endpoint, in bytes (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Attachments on one inbound activity (an Adaptive Card submit has none; a file message a few).</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>Entities on one inbound activity (Teams sends clientInfo and mentions).</summary>
    public int MaxEntities { get; set; } = 32;

    /// <summary>
    /// Characters of message text the bot reads at all; longer text is cut here. It stays above the answer
    /// engine's own question cap, so the engine marks the answer as truncated and the reply says so.
    /// </summary>
    public int MaxTextChars { get; set; } = 5000;

    /// <summary>
    /// Activities (the user's and the bot's) one self-hosted Direct Line conversation may hold over its life;
    /// beyond it posts get 403 <c>ConversationTooLong</c> and Web Chat asks the user to reload for a new one.
    /// </summary>
    public int MaxActivitiesPerConversation { get; set; } = 1000;

    /// <summary>
    /// Members read from one <c>membersAdded</c> or <c>membersRemoved</c> list, and reactions from one reaction
    /// activity; the rest is dropped (the bot welcomes once per activity in any case).
    /// </summary>
    public int MaxListItems { get; set; } = 50;

    /// <summary>
    /// Open connections Kestrel accepts (Kestrel's <c>MaxConcurrentConnections</c>), kept well below the process's
    /// file descriptor limit; when 90 % of them are open, connections that have not sent a byte yet are closed,
    /// oldest first, to admit new ones, so idle connections cannot lock anyone out.
    /// </summary>
    public int MaxConcurrentConnections { get; set; } = 4096;

    /// <summary>Connections upgraded to WebSocket (the Direct Line stream) at once (Kestrel's <c>MaxConcurrentUpgradedConnections</c>).</summary>
    public int MaxConcurrentUpgradedConnections { get; set; } = 1024;

    /// <summary>How long a new connection may stay silent before its first request starts; then it is closed.</summary>
    public TimeSpan FirstRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle connection is kept open between requests (Kestrel's <c>KeepAliveTimeout</c>, 130 s by default).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The time allowed to receive a request's headers (Kestrel's <c>RequestHeadersTimeout</c>, 30 s by default).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRequestBodyBytes is < 16 * 1024 or > 64 * 1024 * 1024)
        {
            errors.Add("Limits:MaxRequestBodyBytes must be between 16384 and 67108864.");
        }

        if (options.MaxAttachments is < 0 or > 1000)
        {
            errors.Add("Limits:MaxAttachments must be between 0 and 1000.");
        }

        if (options.MaxEntities is < 1 or > 1000)
        {
            errors.Add("Limits:MaxEntities must be between 1 and 1000.");
        }

        if (options.MaxTextChars is < 1000 or > 1_000_000)
        {
            errors.Add("Limits:MaxTextChars must be between 1000 and 1000000 (it must stay above the answer engine's Answers:MaxQuestionLength).");
        }

        if (options.MaxActivitiesPerConversation is < 10 or > 1_000_000)
        {
            errors.Add("Limits:MaxActivitiesPerConversation must be between 10 and 1000000.");
        }

        if (options.MaxListItems is < 1 or > 10_000)
        {
            errors.Add("Limits:MaxListItems must be between 1 and 10000.");
        }

        if (options.MaxConcurrentConnections is < 10 or > 1_000_000)
        {
            errors.Add("Limits:MaxConcurrentConnections must be between 10 and 1000000 (and below the process's file descriptor limit).");
        }

        if (options.MaxConcurrentUpgradedConnections < 1 || options.MaxConcurrentUpgradedConnections > options.MaxConcurrentConnections)
        {
            errors.Add("Limits:MaxConcurrentUpgradedConnections must be at least 1 and at most Limits:MaxConcurrentConnections.");
        }

        foreach (var (key, value) in new[] { ("FirstRequestTimeout", options.FirstRequestTimeout), ("KeepAliveTimeout", options.KeepAliveTimeout), ("RequestHeadersTimeout", options.RequestHeadersTimeout) })
        {
            if (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromMinutes(10))
            {
                errors.Add($"Limits:{key} must be between 100 ms and 10 minutes.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
