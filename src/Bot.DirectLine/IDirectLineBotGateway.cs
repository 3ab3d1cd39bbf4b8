using System.Text.Json.Nodes;

namespace Bot.DirectLine;

/// <summary>
/// How the Direct Line channel hands an activity to the bot. The channel has already stamped it as any
/// channel would (<c>id</c>, <c>timestamp</c>, <c>channelId</c>, <c>serviceUrl</c>, <c>conversation</c>,
/// <c>from</c>, <c>recipient</c>). This is the only seam between the channel and the bot: wiring the channel
/// to another adapter is one class.
/// </summary>
public interface IDirectLineBotGateway
{
    /// <summary>
    /// Runs the checks every inbound activity of the bot gets (limits, rate limits, validation) on an activity a
    /// client posted, before the channel accepts it. Null to accept (the activity may have been adjusted, for
    /// example an overlong text cut); otherwise why it is refused, which the client receives as the error.
    /// </summary>
    /// <param name="activity">The activity as the client sent it, already stamped.</param>
    /// <param name="conversationLength">How many activities the conversation already has.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    ValueTask<DirectLineRejection?> AdmitAsync(JsonObject activity, long conversationLength, CancellationToken cancellationToken);

    /// <summary>Runs the bot's turn for <paramref name="activity"/>; completes when the turn is over.</summary>
    Task DeliverAsync(JsonObject activity, CancellationToken cancellationToken);
}

/// <summary>
/// Why an activity was refused: the HTTP status, the Direct Line error code and message for the body
/// (<c>{"error":{"code","message"}}</c>), and for 429/503 how long the client should wait (<c>Retry-After</c>).
/// </summary>
public sealed record DirectLineRejection(int StatusCode, string Code, string Message, TimeSpan? RetryAfter = null);
