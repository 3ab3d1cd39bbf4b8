using System.Text.Json;
using Bot.Answers;
using Bot.Host.Answers;
using Bot.Host.Feedback;
using Bot.Host.State;
using Bot.Knowledge.Model;
using Bot.Protocol.Builder;
using Bot.Protocol.Schema;

namespace Bot.Host.Bot;

/// <summary>
/// The bot: answers messages with the answer engine and renders the result for the channel, welcomes
/// new members, records feedback. Stateless apart from <see cref="IConversationState"/>. Logs carry the
/// activity type, channel and answer kind, never the message text.
/// </summary>
public sealed class HemifacialSpasmBot(
    IAnswerEngineSource engineSource,
    IFeedbackStore feedback,
    FeedbackGuard feedbackGuard,
    IConversationState memory,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<HemifacialSpasmBot> logger) : ActivityHandler
{
    /// <summary>Feedback comments are stored only when <c>Feedback:AllowComments</c> is true (default false).</summary>
    private bool AllowComments => configuration.GetValue("Feedback:AllowComments", false);

    public const string FeedbackThanks = "Thank you for your feedback.";
    public const string NoneOfTheseLead = "Sorry, none of those fit.";
    public const string NonTextReply = "I can only read text messages.";

    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var submit = CardSubmit.TryRead(activity.Value);
        if (submit is not null)
        {
            await OnCardSubmitAsync(turnContext, submit, cancellationToken).ConfigureAwait(false);
            return;
        }

        var text = MentionText.RemoveRecipientMention(activity);
        if (text.Length == 0)
        {
            var knowledge = await engineSource.GetAsync(cancellationToken).ConfigureAwait(false);
            var lead = activity.Attachments is { Count: > 0 } ? NonTextReply + " " : "";
            await turnContext.SendActivityAsync(lead + knowledge.Text(TextKeys.Help, "Ask me a question about hemifacial spasm."), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (string.Equals(text.Trim().TrimEnd('.', '!'), AnswerRenderer.NoneOfThese, StringComparison.OrdinalIgnoreCase))
        {
            // The "None of these" suggested action of a "did you mean" (an imBack: it arrives as text).
            await OnCardSubmitAsync(turnContext, new CardSubmit(CardSubmit.None, null, null, null, [], null, null), cancellationToken).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(turnContext, text, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnEventActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (!string.Equals(activity.Name, AnswerRenderer.WebChatFeedbackEvent, StringComparison.Ordinal))
        {
            return;
        }

        // Web Chat's own thumbs: the event carries the clicked LikeAction/DislikeAction, whose object names the answer.
        var vote = WebChatVote.TryRead(activity);
        if (vote is null)
        {
            logger.LogInformation("Ignored a malformed Web Chat feedback event.");
            return;
        }

        await StoreFeedbackAsync(activity, vote.Rating, vote.FactIds, vote.Kind, null, FeedbackSources.Card, cancellationToken).ConfigureAwait(false);
        if (AllowComments)
        {
            var card = AdaptiveCardBuilder.Comment(vote.Rating == FeedbackRating.Up ? "up" : "down", vote.FactIds, vote.Kind);
            var reply = Activity.CreateMessageActivity(null);
            reply.Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }];
            reply.Summary = "Add a comment (optional)";
            await turnContext.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        // Teams welcomes on installationUpdate (once per installation: personal, group chat or team), never
        // per added member, or adding three people to a group would post three welcomes to everyone.
        if (string.Equals(turnContext.Activity.ChannelId, Channels.Msteams, StringComparison.Ordinal))
        {
            return;
        }

        // Elsewhere (Emulator, Direct Line): one welcome per activity, however many people it lists (a client-made
        // list of thousands must not become thousands of messages).
        var botId = turnContext.Activity.Recipient?.Id;
        if (membersAdded.Any(member => !string.Equals(member.Id, botId, StringComparison.Ordinal)))
        {
            await SendWelcomeAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task OnInstallationUpdateAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var action = turnContext.Activity.Action ?? "";
        logger.LogInformation("Installation update {Action}.", Protocol.Diagnostics.LogText.Field(action));
        // "add" only: "add-upgrade" is an app update, the user has been welcomed already.
        if (string.Equals(action, "add", StringComparison.OrdinalIgnoreCase))
        {
            await SendWelcomeAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task OnEndOfConversationActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var a = turnContext.Activity;
        if (a.ChannelId is not null && a.Conversation?.Id is not null)
        {
            await memory.ForgetAsync(a.ChannelId, a.Conversation.Id, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Conversation ended ({Code}).", Protocol.Diagnostics.LogText.Field(a.Code ?? "none"));
    }

    protected override async Task OnReactionsAddedAsync(IList<MessageReaction> reactions, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        foreach (var reaction in reactions)
        {
            FeedbackRating? rating = reaction.Type?.ToUpperInvariant() switch
            {
                "LIKE" or "UPVOTE" or "+1" => FeedbackRating.Up,
                "DISLIKE" or "DOWNVOTE" or "-1" => FeedbackRating.Down,
                _ => null,
            };
            if (rating is { } r)
            {
                var sent = await FindSentAsync(turnContext.Activity, cancellationToken).ConfigureAwait(false);
                await StoreFeedbackAsync(turnContext.Activity, r, sent?.FactIds ?? [], sent?.Kind, null, FeedbackSources.Reaction, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (string.Equals(turnContext.Activity.Name, "message/submitAction", StringComparison.Ordinal))
        {
            return await OnFeedbackLoopAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }

        return await base.OnInvokeActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardActionAsync(ITurnContext turnContext, string verb, JsonElement data, CancellationToken cancellationToken)
    {
        var submit = data.ValueKind == JsonValueKind.Object ? CardSubmit.TryRead(data) : null;
        submit ??= new CardSubmit(verb, null, null, null, [], null, null);
        if (submit.Action is CardSubmit.Ask or CardSubmit.None or CardSubmit.Feedback)
        {
            await OnCardSubmitAsync(turnContext, submit with { Action = submit.Action }, cancellationToken).ConfigureAwait(false);
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 200,
                Type = ContentTypes.ActivityMessage,
                Value = submit.Action == CardSubmit.Feedback ? FeedbackThanks : "Answer sent.",
            };
        }

        return await base.OnAdaptiveCardActionAsync(turnContext, verb, data, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnCardSubmitAsync(ITurnContext turnContext, CardSubmit submit, CancellationToken cancellationToken)
    {
        switch (submit.Action)
        {
            case CardSubmit.Ask when !string.IsNullOrWhiteSpace(submit.Question):
                await AnswerAsync(turnContext, submit.Question, cancellationToken).ConfigureAwait(false);
                break;
            case CardSubmit.Feedback when submit.Rating is "up" or "down":
                var sent = await FindSentAsync(turnContext.Activity, cancellationToken).ConfigureAwait(false);
                var factIds = submit.FactIds.Count > 0 ? submit.FactIds : sent?.FactIds ?? [];
                await StoreFeedbackAsync(
                    turnContext.Activity,
                    submit.Rating == "up" ? FeedbackRating.Up : FeedbackRating.Down,
                    factIds,
                    submit.Kind ?? sent?.Kind,
                    AllowComments ? submit.Comment : null,
                    FeedbackSources.Card,
                    cancellationToken).ConfigureAwait(false);
                if (!string.Equals(turnContext.Activity.Type, ActivityTypes.Invoke, StringComparison.Ordinal))
                {
                    await turnContext.SendActivityAsync(FeedbackThanks, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                var knowledge = await engineSource.GetAsync(cancellationToken).ConfigureAwait(false);
                var reply = Activity.CreateMessageActivity(NoneOfTheseLead + " " + knowledge.Text(TextKeys.Help, "Please ask your question in other words."));
                await turnContext.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task AnswerAsync(ITurnContext turnContext, string text, CancellationToken cancellationToken)
    {
        var inbound = turnContext.Activity;
        var channelId = inbound.ChannelId ?? "";
        var conversationId = inbound.Conversation?.Id ?? "";
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = Telemetry.BotMetrics.Source.StartActivity("bot.turn");
        var state = await memory.ReadAsync(channelId, conversationId, cancellationToken).ConfigureAwait(false);
        var first = state.FirstAnswer;
        var knowledge = await engineSource.GetAsync(cancellationToken).ConfigureAwait(false);
        // The engine decides what a reply carries (text, tier, disclaimer, advice); the bot only renders it.
        // An emergency reply carries no disclaimer, so the conversation counts as not yet disclaimed until
        // an answer that shows it has been sent.
        var answer = knowledge.Engine.Answer(new Question(text, first, state.Topic));
        var reply = AnswerRenderer.Render(answer, inbound);
        var response = await turnContext.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
        await memory.RecordAnswerAsync(
            channelId,
            conversationId,
            answered: !first || answer.Disclaimer is not null,
            answer.Topic,
            response?.Id is { Length: > 0 } id ? id : null,
            new SentAnswer(answer.FactIds, answer.Kind.ToString()),
            cancellationToken).ConfigureAwait(false);

        Telemetry.BotMetrics.RecordTurn(answer.Kind, answer.Urgency, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        span?.SetTag("answer.kind", answer.Kind.ToString()).SetTag("safety.urgency", answer.Urgency.ToString());
        logger.LogInformation(
            "Answered with {AnswerKind} ({FactCount} facts, score {Score:F2}, rule {RuleId}, first {First}).",
            answer.Kind, answer.FactIds.Count, answer.Score, answer.RuleId ?? "none", first);
    }

    private async Task<InvokeResponse> OnFeedbackLoopAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var value = ProtocolJson.AsElement(turnContext.Activity.Value);
        if (value is not { ValueKind: JsonValueKind.Object } v
            || !v.TryGetProperty("actionName", out var name) || name.ValueKind != JsonValueKind.String
            || !string.Equals(name.GetString(), "feedback", StringComparison.Ordinal)
            || !v.TryGetProperty("actionValue", out var actionValue) || actionValue.ValueKind != JsonValueKind.Object
            || !actionValue.TryGetProperty("reaction", out var reactionElement) || reactionElement.ValueKind != JsonValueKind.String)
        {
            return new InvokeResponse(400);
        }

        FeedbackRating? rating = reactionElement.GetString() switch
        {
            "like" => FeedbackRating.Up,
            "dislike" => FeedbackRating.Down,
            _ => null,
        };
        if (rating is null)
        {
            return new InvokeResponse(400);
        }

        string? comment = null;
        if (AllowComments && actionValue.TryGetProperty("feedback", out var fb))
        {
            comment = ReadFeedbackText(fb);
        }

        var sent = await FindSentAsync(turnContext.Activity, cancellationToken).ConfigureAwait(false);
        await StoreFeedbackAsync(turnContext.Activity, rating.Value, sent?.FactIds ?? [], sent?.Kind, comment, FeedbackSources.TeamsFeedbackLoop, cancellationToken).ConfigureAwait(false);

        // Teams rejects a message/submitAction response that has a body.
        return new InvokeResponse(200);
    }

    /// <summary><c>actionValue.feedback</c> is a JSON string such as <c>{"feedbackText":"..."}</c> (or, from some clients, an object).</summary>
    private static string? ReadFeedbackText(JsonElement feedback)
    {
        try
        {
            var element = feedback.ValueKind == JsonValueKind.String
                ? JsonDocument.Parse(feedback.GetString() ?? "{}").RootElement
                : feedback;
            return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("feedbackText", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Task<SentAnswer?> FindSentAsync(Activity activity, CancellationToken cancellationToken) =>
        activity.ChannelId is null || activity.Conversation?.Id is null ? Task.FromResult<SentAnswer?>(null) : memory.FindAnswerAsync(activity.ChannelId, activity.Conversation.Id, activity.ReplyToId, cancellationToken);

    private async Task StoreFeedbackAsync(Activity activity, FeedbackRating rating, IReadOnlyList<string> factIds, string? kind, string? comment, string source, CancellationToken cancellationToken)
    {
        if (!await feedbackGuard.TryAcquireAsync(activity.ChannelId ?? "", activity.Conversation?.Id ?? "", cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Feedback from {Source} not stored: the conversation's feedback budget is spent.", source);
            return;
        }

        var knowledge = await engineSource.GetAsync(cancellationToken).ConfigureAwait(false);
        var entry = feedbackGuard.Sanitize(
            new FeedbackEntry(rating, factIds, kind, comment, activity.ChannelId ?? "", activity.ReplyToId, source, time.GetUtcNow()),
            knowledge.FactIds);
        await feedback.AddAsync(entry, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Stored {Rating} feedback from {Source} on {FactCount} facts.", rating, source, entry.FactIds.Count);
    }

    private async Task SendWelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var knowledge = await engineSource.GetAsync(cancellationToken).ConfigureAwait(false);
        var welcome = knowledge.Text(TextKeys.Welcome, "Hello! I answer questions about hemifacial spasm.");
        var disclaimer = knowledge.Text(TextKeys.Disclaimer, "This is general information, not a diagnosis or medical advice.");
        var reply = Activity.CreateMessageActivity(welcome + "\n\n" + disclaimer);
        if (!(string.Equals(turnContext.Activity.ChannelId, Channels.Msteams, StringComparison.Ordinal) && AnswerRenderer.IsGroup(turnContext.Activity)))
        {
            // Three starter questions (group chats in Teams show no suggested actions).
            var starters = knowledge.Starters
                .Take(AnswerRenderer.MaxSuggestedActions)
                .Select(q => new CardAction(ActionTypes.ImBack, AdaptiveCardBuilder.Trim(q.Text, AdaptiveCardBuilder.MaxTitleChars), q.Text))
                .ToList();
            if (starters.Count > 0)
            {
                reply.SuggestedActions = new SuggestedActions { Actions = starters };
            }
        }

        await turnContext.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Sent the welcome.");
    }
}
