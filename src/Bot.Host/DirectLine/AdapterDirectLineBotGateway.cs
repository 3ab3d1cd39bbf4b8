using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.DirectLine;
using Bot.Host.Limits;
using Bot.Protocol.Authentication;
using Bot.Protocol.Builder;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;

namespace Bot.Host.DirectLine;

/// <summary>
/// The one class that wires the Direct Line channel to the bot: a client's activity first passes the same
/// gates as one on <c>/api/messages</c> (the reading checks of <see cref="ActivityLimits"/>, then every
/// <see cref="IInboundActivityGate"/>: limits, per-conversation rate limit), then runs a turn through the
/// adapter's trusted in-process entry. The bot's replies go to the channel's serviceUrl, which
/// <see cref="DirectLineConnectorClient"/> hands to the channel in-process.
/// </summary>
internal sealed class AdapterDirectLineBotGateway : IDirectLineBotGateway
{
    private readonly CloudAdapter _adapter;
    private readonly IBot _bot;
    private static readonly InboundAuthResult InProcess = new(InboundAuthKind.TrustedInProcess, new ClaimsIdentity("trusted-in-process"));
    private readonly IInboundActivityGate[] _gates;
    private readonly ActivityLimits? _limits;

    public AdapterDirectLineBotGateway(CloudAdapter adapter, IBot bot, IEnumerable<IInboundActivityGate> gates, ActivityLimits? limits = null)
    {
        _adapter = adapter;
        _bot = bot;
        _limits = limits;
        _gates = [.. gates.Where(g => !ReferenceEquals(g, limits))];
    }

    public async ValueTask<DirectLineRejection?> AdmitAsync(JsonObject activity, long conversationLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);

        // What /api/messages checks while reading (depth, UTF-8, field types) and the shape limits; cuts an overlong text.
        if (_limits?.CheckDirectLine(activity, conversationLength) is { } limited)
        {
            return Rejection(limited);
        }

        Activity? typed;
        try
        {
            typed = activity.Deserialize<Activity>(ProtocolJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            typed = null;
        }

        if (typed is null)
        {
            return new DirectLineRejection(StatusCodes.Status400BadRequest, "BadArgument", "The body is not a valid activity.");
        }

        foreach (var gate in _gates)
        {
            if (await gate.CheckAsync(typed, InProcess, null, cancellationToken).ConfigureAwait(false) is { } rejected)
            {
                return Rejection(rejected);
            }
        }

        return null;
    }

    public async Task DeliverAsync(JsonObject activity, CancellationToken cancellationToken)
    {
        var typed = activity.Deserialize<Activity>(ProtocolJson.Options)
            ?? throw new InvalidOperationException("The Direct Line activity could not be read as an Activity.");
        try
        {
            await _adapter.ProcessTrustedActivityAsync(typed, _bot, cancellationToken).ConfigureAwait(false);
        }
        catch (BotOverloadedException overloaded)
        {
            // Turns:MaxConcurrent is reached: the client gets 503 with Retry-After, as on /api/messages.
            throw new DirectLineBotBusyException(overloaded.RetryAfter, overloaded);
        }
    }

    private static DirectLineRejection Rejection(ActivityRejection rejected) =>
        new(rejected.StatusCode, rejected.Code, rejected.Message, rejected.RetryAfter);
}
