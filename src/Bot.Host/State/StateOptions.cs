namespace Bot.Host.State;

/// <summary>
/// Settings of the state shared by several instances (configuration section <c>State</c>, validated at start).
/// Used only when <c>ConnectionStrings:Redis</c> is set; in memory the state is bounded by entry counts instead.
/// </summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    /// <summary>The prefix of the host's Redis keys (conversation state, rate limits); the Direct Line has its own (<c>DirectLine:RedisKeyPrefix</c>).</summary>
    public string RedisKeyPrefix { get; set; } = "hfs:";

    /// <summary>How long a conversation's state lives after its last answer (then the disclaimer shows again).</summary>
    public TimeSpan ConversationTimeToLive { get; set; } = TimeSpan.FromHours(24);
}
