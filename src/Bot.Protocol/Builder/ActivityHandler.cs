using System.Text.Json;
using Bot.Protocol.Schema;

namespace Bot.Protocol.Builder;

/// <summary>
/// Routes each activity type to a virtual method, as the SDK's <c>ActivityHandler</c> does. Unknown
/// activity types are ignored (spec A2014); an invoke nobody handles gets 501.
/// </summary>
public abstract class ActivityHandler : IBot
{
    public virtual async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        switch (turnContext.Activity.Type)
        {
            case ActivityTypes.Message:
                await OnMessageActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.InstallationUpdate:
                await OnInstallationUpdateAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.MessageReaction:
                await OnMessageReactionActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Typing:
                await OnTypingActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.EndOfConversation:
                await OnEndOfConversationActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Event:
                await OnEventActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Invoke:
                var response = await OnInvokeActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                if (!turnContext.TurnState.ContainsKey(TurnContext.InvokeResponseKey))
                {
                    await turnContext.SendActivityAsync(
                        new Activity { Type = ActivityTypes.InvokeResponse, Value = response }, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                await OnUnrecognizedActivityTypeAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    protected virtual Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Calls <see cref="OnMembersAddedAsync"/> / <see cref="OnMembersRemovedAsync"/> when a member other than the bot itself changed.</summary>
    protected virtual async Task OnConversationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        var botId = activity.Recipient?.Id;
        if (activity.MembersAdded is { Count: > 0 } added && added.Any(m => !string.Equals(m.Id, botId, StringComparison.Ordinal)))
        {
            await OnMembersAddedAsync(added, turnContext, cancellationToken).ConfigureAwait(false);
        }

        if (activity.MembersRemoved is { Count: > 0 } removed && removed.Any(m => !string.Equals(m.Id, botId, StringComparison.Ordinal)))
        {
            await OnMembersRemovedAsync(removed, turnContext, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Members were added; the list may include the bot itself (compare with <c>Activity.Recipient.Id</c>).</summary>
    protected virtual Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Teams app installed (<c>action</c> <c>add</c>) or removed (<c>remove</c>).</summary>
    protected virtual Task OnInstallationUpdateAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Calls <see cref="OnReactionsAddedAsync"/> / <see cref="OnReactionsRemovedAsync"/>; the rated message is <c>Activity.ReplyToId</c>.</summary>
    protected virtual async Task OnMessageReactionActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (turnContext.Activity.ReactionsAdded is { Count: > 0 } added)
        {
            await OnReactionsAddedAsync(added, turnContext, cancellationToken).ConfigureAwait(false);
        }

        if (turnContext.Activity.ReactionsRemoved is { Count: > 0 } removed)
        {
            await OnReactionsRemovedAsync(removed, turnContext, cancellationToken).ConfigureAwait(false);
        }
    }

    protected virtual Task OnReactionsAddedAsync(IList<MessageReaction> reactions, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnReactionsRemovedAsync(IList<MessageReaction> reactions, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTypingActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnEndOfConversationActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnEventActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnUnrecognizedActivityTypeAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Handles an invoke and returns its synchronous response. The base routes <c>adaptiveCard/action</c>
    /// (validating its value as the SDK does) and answers everything else with 501 Not Implemented.
    /// </summary>
    protected virtual async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (string.Equals(turnContext.Activity.Name, "adaptiveCard/action", StringComparison.Ordinal))
        {
            var value = ProtocolJson.AsElement(turnContext.Activity.Value);
            if (value is not { ValueKind: JsonValueKind.Object } v
                || !v.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object
                || !action.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !string.Equals(type.GetString(), "Action.Execute", StringComparison.Ordinal))
            {
                // As the SDK: a malformed Universal Action request is an HTTP 400 with an error body.
                return new InvokeResponse(400, new AdaptiveCardInvokeResponse
                {
                    StatusCode = 400,
                    Type = ContentTypes.Error,
                    Value = new ErrorBody { Code = "BadRequest", Message = "The adaptiveCard/action invoke needs value.action of type Action.Execute." },
                });
            }

            var verb = action.TryGetProperty("verb", out var vb) && vb.ValueKind == JsonValueKind.String ? vb.GetString() ?? "" : "";
            var data = action.TryGetProperty("data", out var d) ? d : default;
            var result = await OnAdaptiveCardActionAsync(turnContext, verb, data, cancellationToken).ConfigureAwait(false);
            return new InvokeResponse(200, result);
        }

        return new InvokeResponse(501);
    }

    /// <summary>An <c>Action.Execute</c>; the returned body's own status code carries the outcome (the HTTP status stays 200).</summary>
    protected virtual Task<AdaptiveCardInvokeResponse> OnAdaptiveCardActionAsync(ITurnContext turnContext, string verb, JsonElement data, CancellationToken cancellationToken) =>
        Task.FromResult(new AdaptiveCardInvokeResponse
        {
            StatusCode = 501,
            Type = ContentTypes.Error,
            Value = new ErrorBody { Code = "NotImplemented", Message = "This action is not supported." },
        });
}
