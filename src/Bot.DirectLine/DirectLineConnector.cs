using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// The bot's side of the channel, in-process: what a Connector's <c>send to conversation</c> and
/// <c>reply to activity</c> calls do, for activities addressed to <see cref="ServiceUrl"/>. The host's
/// Connector client calls it instead of posting over HTTP to itself. It depends on the store only, never on
/// the bot (the bot's Connector client depends on it).
/// </summary>
public sealed class DirectLineConnector
{
    private readonly DirectLineStore _store;
    private readonly DirectLineServiceUrl _serviceUrl;
    private readonly DirectLineOptions _options;

    internal DirectLineConnector(DirectLineStore store, DirectLineServiceUrl serviceUrl, IOptions<DirectLineOptions> options)
    {
        _store = store;
        _serviceUrl = serviceUrl;
        _options = options.Value;
    }

    /// <summary>The <c>serviceUrl</c> of the activities this channel hands the bot.</summary>
    public Uri ServiceUrl => _serviceUrl.Value;

    /// <summary>True when a reply to <paramref name="serviceUrl"/> belongs to this channel.</summary>
    public bool Owns(Uri? serviceUrl) => _serviceUrl.Owns(serviceUrl);

    /// <summary>
    /// Records one activity the bot sends into a conversation (stamped as the channel stamps it) and wakes its
    /// streams. Returns the activity id, or null when the conversation does not exist (or expired) or was never started.
    /// </summary>
    public string? Post(string conversationId, JsonObject activity, string? replyToId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversation = _store.FindConversation(conversationId);
        return conversation is null || !conversation.Started ? null : Append(conversation, activity, replyToId);
    }

    private string Append(DirectLineConversation conversation, JsonObject activity, string? replyToId)
    {
        var streamOnly = string.Equals((string?)activity["type"], "typing", StringComparison.Ordinal);
        string? id = null;
        conversation.Append(
            newId =>
            {
                id = newId;
                activity["id"] = newId;
                activity["timestamp"] = DirectLineChannel.Timestamp(_store);
                activity["channelId"] = _options.ChannelId;
                var account = activity["conversation"] as JsonObject ?? [];
                account["id"] = conversation.Id;
                activity["conversation"] = account;
                var from = activity["from"] as JsonObject ?? DirectLineChannel.BotAccount(_options);
                from["id"] ??= _options.BotId;
                from["role"] = "bot";
                activity["from"] = from;
                if (!string.IsNullOrEmpty(replyToId) && activity["replyToId"] is null)
                {
                    activity["replyToId"] = replyToId;
                }

                activity.Remove("serviceUrl");
                return activity.ToJsonString();
            },
            streamOnly);
        return id!;
    }
}
