using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.Protocol.Schema;

namespace Bot.Host.Bot;

/// <summary>
/// Turns an <see cref="Answer"/> into the one message activity for the channel it goes to. Every answer is one
/// message; follow-ups appear once, as at most <see cref="MaxSuggestedActions"/> suggested actions.
/// <list type="bullet">
/// <item><b>Teams</b> (<c>msteams</c>): markdown text whose [n] markers match one <c>https://schema.org/Message</c>
/// entity with the <c>citation</c> array (Teams shows the source list and hover cards from it; names ≤ 80,
/// abstracts ≤ 160 characters, at most 20); <c>channelData.feedbackLoop</c> (never together with the older
/// <c>feedbackLoopEnabled</c>, which Teams rejects) on answers that can be rated; follow-ups as <c>imBack</c>
/// suggested actions in 1:1 chats only (Teams shows none in groups). "Did you mean" is one card with the choices
/// and "None of these" as buttons, in 1:1 and group chats alike. Emergency replies are the text alone.</item>
/// <item><b>Web Chat, the Emulator, Direct Line</b>: markdown text with the sources as link definitions (one
/// compact reference list; every marker a link), the same citation entity plus Web Chat's own feedback buttons
/// (<c>LikeAction</c>/<c>DislikeAction</c> in its <c>potentialAction</c>), follow-ups or "did you mean" choices
/// (and "None of these") as <c>imBack</c> suggested actions, so a click shows as the person's message.
/// Emergency and crisis replies are a card in an attention-coloured container with a warning heading and
/// <c>channelData.urgency</c>, which the page announces (<c>role="alert"</c>).</item>
/// <item><b>Any other channel</b>: the full markdown of <see cref="AnswerFormatter.ToMarkdown"/> (sources listed in the
/// text) and suggested actions.</item>
/// </list>
/// </summary>
public static class AnswerRenderer
{
    public const int MaxCitationNameChars = 80;
    public const int MaxCitationAbstractChars = 160;

    /// <summary>Teams shows at most three suggested actions; every channel gets the same number.</summary>
    public const int MaxSuggestedActions = 3;

    /// <summary>The "did you mean" way out; typed or clicked, the bot answers with what it can tell.</summary>
    public const string NoneOfThese = "None of these";

    /// <summary>The name of the event Web Chat's own feedback buttons post (botframework-webchat 4.18).</summary>
    public const string WebChatFeedbackEvent = "webchat:activity-status/feedback";

    /// <summary>Said first when only the first part of a long message was answered (<see cref="Answer.Truncated"/>).</summary>
    public const string TruncatedNote = "Your message was long, so I answered only its first part.";

    public static Activity Render(Answer answer, Activity inbound)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(inbound);
        return (inbound.ChannelId ?? "") switch
        {
            Channels.Msteams => RenderTeams(answer, IsGroup(inbound)),
            Channels.Emulator or Channels.Webchat or Channels.DirectLine => RenderWebChat(answer),
            _ => RenderPlain(answer),
        };
    }

    /// <summary>True in Teams group chats and channels (no suggested actions there).</summary>
    public static bool IsGroup(Activity inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        return inbound.Conversation?.IsGroup == true
            || string.Equals(inbound.Conversation?.ConversationType, "groupChat", StringComparison.Ordinal)
            || string.Equals(inbound.Conversation?.ConversationType, "channel", StringComparison.Ordinal);
    }

    /// <summary>Answers a person can usefully rate (not small talk, "did you mean" questions or emergency replies).</summary>
    public static bool CanBeRated(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Kind is AnswerKind.Fact or AnswerKind.Fallback or AnswerKind.Refusal or AnswerKind.OutOfScope;
    }

    private static Activity RenderTeams(Answer answer, bool isGroup)
    {
        if (answer.Kind == AnswerKind.Emergency)
        {
            return Markdown(Security.Markup.Neutralise(AnswerFormatter.ToMarkdown(answer)));
        }

        if (answer.Kind == AnswerKind.DidYouMean && answer.Choices.Count > 0)
        {
            return CardOnly(AdaptiveCardBuilder.Choices(answer), answer);
        }

        var reply = Markdown(ChannelMarkdown.ForTeams(answer, listSuggestions: isGroup));
        if (CitationEntity(answer) is { } entity)
        {
            reply.Entities = [entity];
        }

        if (CanBeRated(answer))
        {
            reply.ChannelData = new JsonObject { ["feedbackLoop"] = new JsonObject { ["type"] = "default" } };
        }

        if (!isGroup)
        {
            reply.SuggestedActions = Suggested(answer.FollowUps.Take(MaxSuggestedActions).Select(q => q.Text));
        }

        return reply;
    }

    private static Activity RenderWebChat(Answer answer)
    {
        if (answer.Kind == AnswerKind.Emergency)
        {
            var urgency = answer.Urgency == Urgency.None ? Urgency.CallEmergencyNow : answer.Urgency;
            var markdown = Security.Markup.Neutralise(AnswerFormatter.ToMarkdown(answer));
            var reply = CardOnly(AdaptiveCardBuilder.Urgent(urgency, markdown, Guid.NewGuid().ToString("N")[..12]), answer);
            reply.Speak = AdaptiveCardBuilder.Trim(Security.Markup.PlainText(answer.Text), 1_000);
            reply.ChannelData = new JsonObject { ["urgency"] = urgency.ToString() };
            return reply;
        }

        var message = Markdown(ChannelMarkdown.ForWebChat(answer));
        var entity = CitationEntity(answer) ?? (CanBeRated(answer) ? MessageEntity(new JsonArray()) : null);
        if (entity is not null)
        {
            if (CanBeRated(answer))
            {
                entity.Properties!["potentialAction"] = FeedbackActions(answer);
            }

            message.Entities = [entity];
        }

        var questions = answer.Kind == AnswerKind.DidYouMean && answer.Choices.Count > 0
            ? answer.Choices.Take(AdaptiveCardBuilder.MaxChoices).Select(q => q.Text).Append(NoneOfThese)
            : answer.FollowUps.Take(MaxSuggestedActions).Select(q => q.Text);
        message.SuggestedActions = Suggested(questions);
        return message;
    }

    private static Activity RenderPlain(Answer answer)
    {
        var reply = Markdown(Security.Markup.Neutralise(AnswerFormatter.ToMarkdown(answer)));
        if (answer.Kind == AnswerKind.Emergency)
        {
            return reply;
        }

        var questions = answer.Kind == AnswerKind.DidYouMean && answer.Choices.Count > 0
            ? answer.Choices.Take(AdaptiveCardBuilder.MaxChoices).Select(q => q.Text).Append(NoneOfThese)
            : answer.FollowUps.Take(MaxSuggestedActions).Select(q => q.Text);
        reply.SuggestedActions = Suggested(questions);
        return reply;
    }

    private static Activity Markdown(string text)
    {
        var reply = Activity.CreateMessageActivity(text);
        reply.TextFormat = TextFormatTypes.Markdown;
        return reply;
    }

    private static Activity CardOnly(JsonObject card, Answer answer)
    {
        var reply = Activity.CreateMessageActivity(null);
        reply.Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }];
        reply.Summary = AdaptiveCardBuilder.Trim(Security.Markup.PlainText(answer.Text), 200);
        return reply;
    }

    private static SuggestedActions? Suggested(IEnumerable<string> questions)
    {
        var actions = questions
            .Select(q => new CardAction(ActionTypes.ImBack, AdaptiveCardBuilder.Trim(q, AdaptiveCardBuilder.MaxTitleChars), q))
            .ToList();
        return actions.Count == 0 ? null : new SuggestedActions { Actions = actions };
    }

    /// <summary>
    /// Web Chat's feedback buttons: a like and a dislike action whose <c>object</c> names the rated answer (its kind
    /// and fact ids), because the event Web Chat posts carries only the clicked action.
    /// </summary>
    private static JsonArray FeedbackActions(Answer answer)
    {
        JsonObject Action(string type) => new()
        {
            ["@type"] = type,
            ["actionStatus"] = "PotentialActionStatus",
            ["object"] = new JsonObject
            {
                ["@type"] = "Answer",
                ["additionalType"] = answer.Kind.ToString(),
                ["identifier"] = new JsonArray(answer.FactIds.Take(20).Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            },
        };

        return [Action("LikeAction"), Action("DislikeAction")];
    }

    /// <summary>The one root <c>https://schema.org/Message</c> entity with the citation array (Teams and Web Chat read it); null without citations.</summary>
    public static Entity? CitationEntity(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var citations = ChannelMarkdown.Cited(answer);
        if (citations.Count == 0)
        {
            return null;
        }

        var array = new JsonArray();
        foreach (var c in citations)
        {
            array.Add(new JsonObject
            {
                ["@type"] = "Claim",
                ["position"] = c.Number,
                ["appearance"] = new JsonObject
                {
                    ["@type"] = "DigitalDocument",
                    ["name"] = AdaptiveCardBuilder.Trim(c.Title, MaxCitationNameChars),
                    ["url"] = c.Url.AbsoluteUri,
                    ["abstract"] = AdaptiveCardBuilder.Trim(FormattableString.Invariant($"{c.Publisher}, {c.Year}"), MaxCitationAbstractChars),
                },
            });
        }

        return MessageEntity(array);
    }

    private static Entity MessageEntity(JsonArray citations) => new("https://schema.org/Message")
    {
        Properties = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = "",
            ["citation"] = citations,
        },
    };
}
