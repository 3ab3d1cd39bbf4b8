namespace Bot.DirectLine;

/// <summary>
/// Thrown by an <see cref="IDirectLineBotGateway"/> when the bot is running as many turns as it may and cannot
/// take this one now. The channel answers the client's post with 503 and <c>Retry-After</c>, as
/// <c>/api/messages</c> does, instead of the 502 of a bot that failed. The client's message stays in the history.
/// </summary>
public sealed class DirectLineBotBusyException : Exception
{
    public DirectLineBotBusyException()
        : this(TimeSpan.FromSeconds(1))
    {
    }

    public DirectLineBotBusyException(string message)
        : base(message)
    {
    }

    public DirectLineBotBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DirectLineBotBusyException(TimeSpan retryAfter, Exception? innerException = null)
        : base("The bot is busy; retry shortly.", innerException) => RetryAfter = retryAfter;

    /// <summary>How long the client should wait before posting again.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);
}
