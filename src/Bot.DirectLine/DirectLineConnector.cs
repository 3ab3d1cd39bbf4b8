using System.Text.Json.Nodes;
using Bot.DirectLine.State;
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
    private readonly IDirectLineStore _store;
    private readonly TimeProvider _time;
    private readonly DirectLineServiceUrl _serviceUrl;
    private readonly DirectLineOptions _options;

    internal DirectLineConnector(IDirectLineStore store, DirectLineServiceUrl serviceUrl, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _store = store;
        _time = time;
        _serviceUrl = serviceUrl;
        _options = options.Value;
    }

    /// <summary>The <c>serviceUrl</c> of the activities this channel hands the bot.</summary>
    public Uri ServiceUrl => _serviceUrl.Value;

    /// <summary>True when a reply to <paramref name="serviceUrl"/> belongs to this channel.</summary>
    public bool Owns(Uri? serviceUrl) => _serviceUrl.Owns(serviceUrl);

    /// <summary>
    /// Records one activity the bot sends into a conversation (stamped as the channel stamps it) and wakes its
    /// streams, on every instance. Returns the activity id, or null when the conversation does not exist (or expired) or was never started.
    /// </summary>
    public async Task<string?> PostAsync(string conversationId, JsonObject activity, string? replyToId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var streamOnly = string.Equals((string?)activity["type"], "typing", StringComparison.Ordinal);
        activity.Remove("id");
        activity["timestamp"] = DirectLineChannel.Timestamp(_time);
        activity["channelId"] = _options.ChannelId;
        var account = activity["conversation"] as JsonObject ?? [];
        account["id"] = conversationId;
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
        return await _store.AppendAsync(conversationId, activity, streamOnly, cancellationToken).ConfigureAwait(false) is null
            ? null
            : (string?)activity["id"];
    }
}
