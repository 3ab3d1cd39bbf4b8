namespace Bot.Protocol.Authentication;

/// <summary>An inbound request failed authentication; the adapter answers 401 and runs no turn.</summary>
public sealed class BotAuthenticationException : Exception
{
    public BotAuthenticationException()
    {
    }

    public BotAuthenticationException(string message)
        : base(message)
    {
    }

    public BotAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
