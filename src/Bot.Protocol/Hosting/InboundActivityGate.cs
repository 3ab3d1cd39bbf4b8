using Bot.Protocol.Authentication;
using Bot.Protocol.Schema;
using Microsoft.AspNetCore.Http;

namespace Bot.Protocol.Hosting;

/// <summary>
/// A check the adapter runs on every parsed and authenticated <c>/api/messages</c> activity before its
/// turn (limits, per-conversation rate limits). Register implementations as singletons in DI; they run in
/// registration order and the first rejection is answered without running the turn. A gate may also
/// adjust the activity (for example cut an overlong text), since it runs before the bot sees it.
/// Asynchronous, so a gate backed by a shared store (a rate limit in Redis) never blocks a request thread.
/// </summary>
public interface IInboundActivityGate
{
    /// <summary>Null to let the activity through, otherwise why it is refused.</summary>
    ValueTask<ActivityRejection?> CheckAsync(Activity activity, InboundAuthResult auth, HttpContext? httpContext, CancellationToken cancellationToken);
}

/// <summary>
/// Why an inbound activity was refused: the HTTP status, a Bot Framework <c>ErrorResponse</c> code and
/// message for the body, and for 429/503 how long the caller should wait (<c>Retry-After</c>).
/// </summary>
public sealed record ActivityRejection(int StatusCode, string Code, string Message, TimeSpan? RetryAfter = null);

/// <summary>The adapter runs <see cref="TurnOptions.MaxConcurrent"/> turns already; the caller should answer 503 and retry after <see cref="RetryAfter"/>.</summary>
public sealed class BotOverloadedException : Exception
{
    public BotOverloadedException()
        : this(TimeSpan.FromSeconds(1))
    {
    }

    public BotOverloadedException(string message)
        : base(message)
    {
    }

    public BotOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BotOverloadedException(TimeSpan retryAfter)
        : base("The bot is running as many turns as it may (Turns:MaxConcurrent); retry shortly.") => RetryAfter = retryAfter;

    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);
}
