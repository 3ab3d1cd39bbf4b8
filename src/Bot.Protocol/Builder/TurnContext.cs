using System.Security.Claims;
using Bot.Protocol.Schema;

namespace Bot.Protocol.Builder;

/// <summary>The bot's logic: called once per incoming activity (a turn).</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default);
}

/// <summary>Sends one outgoing activity on behalf of a turn; the adapter supplies it.</summary>
public delegate Task<ResourceResponse?> SendActivityHandler(Activity activity, CancellationToken cancellationToken);

/// <summary>Everything a bot sees and can do during one turn (mirrors the SDK's <c>ITurnContext</c>).</summary>
public interface ITurnContext
{
    /// <summary>The incoming activity.</summary>
    Activity Activity { get; }

    /// <summary>Who sent the activity, as established by the adapter's authentication (anonymous or trusted in-process otherwise).</summary>
    ClaimsIdentity Identity { get; }

    /// <summary>Per-turn state shared between the adapter and the bot.</summary>
    IDictionary<string, object> TurnState { get; }

    /// <summary>True once the bot has sent at least one activity in this turn.</summary>
    bool Responded { get; }

    /// <summary>
    /// Sends an activity to the conversation. Fields the reply takes from the incoming activity (channel,
    /// service URL, conversation, from/recipient, locale, replyToId) are filled in when unset.
    /// </summary>
    Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    /// <summary>Sends a plain message with the given text.</summary>
    Task<ResourceResponse?> SendActivityAsync(string text, CancellationToken cancellationToken = default);
}

/// <summary>The default <see cref="ITurnContext"/>: addresses outgoing activities and hands them to a sender.</summary>
public sealed class TurnContext : ITurnContext
{
    /// <summary>The <see cref="TurnState"/> key under which an invoke's response is kept.</summary>
    public const string InvokeResponseKey = "BotFramework.InvokeResponse";

    private readonly SendActivityHandler _send;

    public TurnContext(Activity activity, SendActivityHandler send, ClaimsIdentity? identity = null)
    {
        Activity = activity ?? throw new ArgumentNullException(nameof(activity));
        _send = send ?? throw new ArgumentNullException(nameof(send));
        Identity = identity ?? new ClaimsIdentity();
    }

    public Activity Activity { get; }
    public ClaimsIdentity Identity { get; }
    public IDictionary<string, object> TurnState { get; } = new Dictionary<string, object>(StringComparer.Ordinal);
    public bool Responded { get; private set; }

    /// <summary>The invoke response the bot produced in this turn (sent as an <c>invokeResponse</c> activity), if any.</summary>
    public InvokeResponse? InvokeResponse =>
        TurnState.TryGetValue(InvokeResponseKey, out var value) ? value as InvokeResponse : null;

    public async Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.Equals(activity.Type, ActivityTypes.InvokeResponse, StringComparison.Ordinal))
        {
            TurnState[InvokeResponseKey] = activity.Value as InvokeResponse ?? new InvokeResponse(200);
            return null;
        }

        activity.ApplyConversationReference(Activity.GetConversationReference());
        activity.Type ??= ActivityTypes.Message;
        activity.Id = null;
        Normalize(activity);
        var response = await _send(activity, cancellationToken).ConfigureAwait(false);
        Responded = true;
        return response;
    }

    public Task<ResourceResponse?> SendActivityAsync(string text, CancellationToken cancellationToken = default) =>
        SendActivityAsync(Activity.CreateMessageActivity(text), cancellationToken);

    /// <summary>Senders leave out empty arrays and empty strings (spec A2004, A2100, A3050).</summary>
    private static void Normalize(Activity activity)
    {
        if (activity.Attachments is { Count: 0 })
        {
            activity.Attachments = null;
        }

        if (activity.Entities is { Count: 0 })
        {
            activity.Entities = null;
        }

        if (activity.SuggestedActions is { Actions: null or { Count: 0 } })
        {
            activity.SuggestedActions = null;
        }

        if (activity.Text is { Length: 0 })
        {
            activity.Text = null;
        }
    }
}
