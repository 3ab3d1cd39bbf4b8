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
            ? Task.FromResult(Post(conversationId, activity, activityId))
            : inner.ReplyToActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken);

    public Task<ResourceResponse?> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        directLine.Owns(serviceUrl)
            ? Task.FromResult(Post(conversationId, activity, null))
            : inner.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken);

    private ResourceResponse? Post(string conversationId, Activity activity, string? replyToId)
    {
        var json = JsonSerializer.SerializeToNode(activity, ProtocolJson.Options) as JsonObject
            ?? throw new InvalidOperationException("The activity did not serialise to a JSON object.");
        var id = directLine.Post(conversationId, json, replyToId)
            ?? throw new ConnectorException("The Direct Line conversation does not exist (it may have expired).", System.Net.HttpStatusCode.NotFound, "ConversationNotFound", 1);
        return new ResourceResponse(id);
    }
}
