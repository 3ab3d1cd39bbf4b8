using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.DirectLine;
using Bot.Protocol.Connector;
using Bot.Protocol.Schema;

namespace Bot.Host.DirectLine;

/// <summary>
/// The bot's Connector client, with replies to the self-hosted Direct Line handed to it in-process
/// (<see cref="DirectLineConnector"/>) instead of posted over HTTP to this same host; every other service URL
/// goes to the real Connector client.
/// </summary>
internal sealed class DirectLineConnectorClient(IConnectorClient inner, DirectLineConnector directLine) : IConnectorClient
{
    public Task<ResourceResponse?> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        directLine.Owns(serviceUrl)
            ? PostAsync(conversationId, activity, activityId, cancellationToken)
            : Metered(inner.ReplyToActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken));

    public Task<ResourceResponse?> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        directLine.Owns(serviceUrl)
            ? PostAsync(conversationId, activity, null, cancellationToken)
            : Metered(inner.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken));

    /// <summary>Counts a delivery the Connector client gave up on (<c>bot.connector.delivery.failures</c>).</summary>
    private static async Task<ResourceResponse?> Metered(Task<ResourceResponse?> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            Telemetry.BotMetrics.RecordDeliveryFailure(ex.StatusCode);
            throw;
        }
    }

    private async Task<ResourceResponse?> PostAsync(string conversationId, Activity activity, string? replyToId, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToNode(activity, ProtocolJson.Options) as JsonObject
            ?? throw new InvalidOperationException("The activity did not serialise to a JSON object.");
        var id = await directLine.PostAsync(conversationId, json, replyToId, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectorException("The Direct Line conversation does not exist (it may have expired).", System.Net.HttpStatusCode.NotFound, "ConversationNotFound", 1);
        return new ResourceResponse(id);
    }
}
