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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
