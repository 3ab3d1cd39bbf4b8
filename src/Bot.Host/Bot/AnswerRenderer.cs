using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.Protocol.Schema;

namespace Bot.Host.Bot;

/// <summary>
/// Turns an <see cref="Answer"/> into the message activity for the channel it goes to.
/// <list type="bullet">
/// <item><b>Text</b>: <c>AnswerFormatter.ToMarkdown</c> (body with [n] markers, numbered sources as markdown
/// links, advice, disclaimer): readable on every channel, and the anchor of Teams' citations.</item>
/// <item><b>Emergency</b>: that text alone, nothing that could distract (no card, buttons or feedback).</item>
/// <item><b>Teams</b> (<c>msteams</c>): the text, one <c>https://schema.org/Message</c> entity with the
/// <c>citation</c> array (positions = the [n] numbers, names ≤ 80 and abstracts ≤ 160 characters, at most 20),
/// the feedback loop in <c>channelData</c> (Teams shows 👍/👎 itself), suggested actions in 1:1 chats only,
/// and a card only when there are choices or follow-ups to click (group chats have no suggested actions).</item>
/// <item><b>Emulator, Web Chat, Direct Line</b>: the Adaptive Card carries the whole answer with feedback buttons,
/// and the activity has no <c>text</c> (Web Chat would otherwise show the answer twice); the markdown is the
/// card's <c>fallbackText</c> and the start of the answer the activity's <c>summary</c>.</item>
/// <item><b>Any other channel</b>: text and card both, so nothing is lost.</item>
/// <item>Follow-ups (and "did you mean" choices) also go out as <c>imBack</c> suggested actions.</item>
/// </list>
/// </summary>
public static class AnswerRenderer
{
    public const int MaxCitationNameChars = 80;
    public const int MaxCitationAbstractChars = 160;

    /// <summary>Said first when only the first part of a long message was answered (<see cref="Answer.Truncated"/>).</summary>
    public const string TruncatedNote = "Your message was long, so I answered only its first part.";

    public static Activity Render(Answer answer, Activity inbound)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(inbound);
        var markdown = Security.Markup.Neutralise(AnswerFormatter.ToMarkdown(answer));
        var reply = Activity.CreateMessageActivity(markdown);
        reply.TextFormat = TextFormatTypes.Markdown;
        if (answer.Kind == AnswerKind.Emergency)
        {
            return reply;
        }

        var channel = inbound.ChannelId ?? "";
        var isTeams = string.Equals(channel, Channels.Msteams, StringComparison.Ordinal);
        var isCardChannel = channel is Channels.Emulator or Channels.Webchat or Channels.DirectLine;
        var isGroup = inbound.Conversation?.IsGroup == true
            || string.Equals(inbound.Conversation?.ConversationType, "groupChat", StringComparison.Ordinal)
            || string.Equals(inbound.Conversation?.ConversationType, "channel", StringComparison.Ordinal);

        var entity = CitationEntity(answer);
        if (entity is not null)
        {
            reply.Entities = [entity];
        }

        var hasClickables = answer.FollowUps.Count > 0 || (answer.Kind == AnswerKind.DidYouMean && answer.Choices.Count > 0);
        var wantsCard = answer.Kind != AnswerKind.SmallTalk;
        if (isTeams)
        {
            if (answer.Kind != AnswerKind.SmallTalk)
            {
                reply.ChannelData = new JsonObject
                {
                    ["feedbackLoop"] = new JsonObject { ["type"] = "default" },
                    ["feedbackLoopEnabled"] = true,
                };
            }

            if (hasClickables && isGroup)
            {
                reply.Attachments = [CardAttachment(answer, includeFeedback: false)];
            }
        }
        else if (wantsCard)
        {
            var includeFeedback = answer.Kind != AnswerKind.SmallTalk;
            reply.Attachments = [CardAttachment(answer, includeFeedback)];
            if (isCardChannel)
            {
                // The card shows the answer; the text would repeat it in the transcript.
                reply.Text = null;
                reply.TextFormat = null;
                reply.Summary = AdaptiveCardBuilder.Trim(Security.Markup.PlainText(answer.Text), 200);
            }
        }

        if (!(isTeams && isGroup))
        {
            var actions = SuggestedActionsFor(answer);
            if (actions.Count > 0)
            {
                reply.SuggestedActions = new SuggestedActions { Actions = actions };
            }
        }

        return reply;
    }

    private static Attachment CardAttachment(Answer answer, bool includeFeedback)
    {
        var card = AdaptiveCardBuilder.Build(answer, includeFeedback, Security.Markup.Neutralise(AnswerFormatter.ToMarkdown(answer)));
        return new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card };
    }

    private static List<CardAction> SuggestedActionsFor(Answer answer)
    {
        var questions = answer.Kind == AnswerKind.DidYouMean
            ? answer.Choices.Take(AdaptiveCardBuilder.MaxChoices)
            : answer.FollowUps.Take(AdaptiveCardBuilder.MaxFollowUps);
        return questions
            .Select(q => new CardAction(ActionTypes.ImBack, AdaptiveCardBuilder.Trim(q.Text, AdaptiveCardBuilder.MaxTitleChars), q.Text))
            .ToList();
    }

    /// <summary>The one root <c>https://schema.org/Message</c> entity with the citation array (Teams and Web Chat read it); null without citations.</summary>
    public static Entity? CitationEntity(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var citations = answer.Citations.OrderBy(c => c.Number).Take(AdaptiveCardBuilder.MaxCitations).ToList();
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

        return new Entity("https://schema.org/Message")
        {
            Properties = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["@type"] = "Message",
                ["@context"] = "https://schema.org",
                ["@id"] = "",
                ["citation"] = array,
            },
        };
    }
}
