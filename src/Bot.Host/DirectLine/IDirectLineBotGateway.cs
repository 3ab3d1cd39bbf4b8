using System.Text.Json.Nodes;

namespace Bot.Host.DirectLine;

/// <summary>
/// How the Direct Line channel hands an activity to the bot. The channel has already stamped it as any
/// channel would (<c>id</c>, <c>timestamp</c>, <c>channelId</c>, <c>serviceUrl</c>, <c>conversation</c>,
/// <c>from</c>, <c>recipient</c>); the bot answers through the Connector endpoints at <c>serviceUrl</c>,
/// exactly as it answers Teams or the Emulator. This is the only seam between the channel and the bot:
/// wiring the channel to another adapter is one class.
/// </summary>
public interface IDirectLineBotGateway
{
    /// <summary>Runs the bot's turn for <paramref name="activity"/>; completes when the turn is over.</summary>
    Task DeliverAsync(JsonObject activity, CancellationToken cancellationToken);
}
