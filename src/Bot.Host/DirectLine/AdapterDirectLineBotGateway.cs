using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.DirectLine;
using Bot.Host.Limits;
using Bot.Protocol.Builder;
using Bot.Protocol.Connector;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;

namespace Bot.Host.DirectLine;

/// <summary>
/// The one class that wires the Direct Line channel to the bot: each activity runs a turn through the
/// adapter's trusted in-process entry, and the bot's replies leave through the normal Connector client to
/// the channel's own serviceUrl, which is registered as an in-process Connector endpoint (no token is sent to it).
/// </summary>
internal sealed class AdapterDirectLineBotGateway : IDirectLineBotGateway
{
    private readonly CloudAdapter _adapter;
    private readonly IBot _bot;
    private readonly ITrustedServiceUrls _trusted;
    private readonly DirectLineServiceUrl _serviceUrl;
    private readonly ActivityLimits? _limits;

    public AdapterDirectLineBotGateway(CloudAdapter adapter, IBot bot, ITrustedServiceUrls trusted, DirectLineServiceUrl serviceUrl, ActivityLimits? limits = null)
    {
        _adapter = adapter;
        _bot = bot;
        _trusted = trusted;
        _serviceUrl = serviceUrl;
        _limits = limits;
    }

    public DirectLineRejection? Admit(JsonObject activity, long conversationLength) =>
        _limits?.CheckDirectLine(activity, conversationLength) is { } rejected
            ? new DirectLineRejection(rejected.StatusCode, rejected.Code, rejected.Message, rejected.RetryAfter)
            : null;

    public async Task DeliverAsync(JsonObject activity, CancellationToken cancellationToken)
    {
        // Idempotent; done here because the listening address (and so the URL) is known only once the server runs.
        _trusted.Add(_serviceUrl.Value);
        var typed = activity.Deserialize<Activity>(ProtocolJson.Options)
            ?? throw new InvalidOperationException("The Direct Line activity could not be read as an Activity.");
        await _adapter.ProcessTrustedActivityAsync(typed, _bot, cancellationToken).ConfigureAwait(false);
    }
}
