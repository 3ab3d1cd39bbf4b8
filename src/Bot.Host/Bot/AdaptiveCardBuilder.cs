using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Answers;

namespace Bot.Host.Bot;

/// <summary>
/// The few Adaptive Cards the bot sends (version 1.5, <c>Action.Submit</c> only, so they work in Teams, Web Chat
/// and the Emulator alike). Ordinary answers are markdown text, not cards; a card is used only where text cannot
/// do the job:
/// <list type="bullet">
/// <item><see cref="Choices"/>: a "did you mean" question with its choices and "None of these" as buttons
/// (Teams, where suggested actions are limited to three and missing in group chats).</item>
/// <item><see cref="Urgent"/>: an emergency or crisis reply in a coloured container with a warning heading
/// (Web Chat and the Emulator), so it stands out from every other message.</item>
/// <item><see cref="Comment"/>: the optional comment after a vote, only when <c>Feedback:AllowComments</c> is on.</item>
/// </list>
/// Every card is kept well inside Teams' message size limit (see <see cref="MaxCardChars"/>).
/// </summary>
public static class AdaptiveCardBuilder
{
    public const string Version = "1.5";

    /// <summary>Serialized card budget in characters (Teams counts UTF-16: 12 000 chars ≈ 24 KB, under the oldest 28 KB limit).</summary>
    public const int MaxCardChars = 12_000;

    public const int MaxCitations = 20;
    public const int MaxChoices = 3;
    public const int MaxTitleChars = 80;
    public const int MaxCommentChars = 500;

    /// <summary>The "did you mean" card: the question, up to <see cref="MaxChoices"/> choices and "None of these", then advice and disclaimer.</summary>
    public static JsonObject Choices(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var bodyText = ChannelMarkdown.Body(answer);
        var card = ComposeChoices(answer, bodyText);
        while (Size(card) > MaxCardChars && bodyText.Length > 200)
        {
            bodyText = bodyText[..(bodyText.Length * 2 / 3)].TrimEnd() + "…";
            card = ComposeChoices(answer, bodyText);
        }

        return card;
    }

    /// <summary>
    /// An emergency or crisis reply: a container styled <c>attention</c> (call the emergency number, crisis support)
    /// or <c>warning</c> (care today, call the clinic), a heading with a warning sign, then the text. The container's
    /// id (<c>urgent-…</c>, unique per reply) lets the page style the whole message.
    /// </summary>
    public static JsonObject Urgent(Urgency urgency, string markdown, string uniqueId)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var (heading, style) = urgency switch
        {
            Urgency.CrisisSupport => ("Support is available now", "attention"),
            Urgency.CareToday => ("Get medical care today", "warning"),
            Urgency.CallTreatingClinic => ("Call the clinic that treated you", "warning"),
            _ => ("Call your emergency number now", "attention"),
        };
        var text = markdown.Length <= MaxCardChars - 1_000 ? markdown : markdown[..(MaxCardChars - 1_001)].TrimEnd() + "…";
        return Card(new JsonArray
        {
            new JsonObject
            {
                ["type"] = "Container",
                ["id"] = "urgent-" + uniqueId,
                ["style"] = style,
                ["bleed"] = true,
                ["items"] = new JsonArray
                {
                    TextBlock("⚠ " + heading, weight: "Bolder", size: "Medium", color: "Attention"),
                    TextBlock(text),
                },
            },
        });
    }

    /// <summary>The optional comment on a vote: one text field and a send button whose data repeats the vote.</summary>
    public static JsonObject Comment(string rating, IReadOnlyList<string> factIds, string? kind)
    {
        ArgumentNullException.ThrowIfNull(factIds);
        var data = new JsonObject
        {
            ["action"] = CardSubmit.Feedback,
            ["rating"] = rating,
            ["factIds"] = new JsonArray(factIds.Take(20).Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
        };
        if (kind is not null)
        {
            data["kind"] = kind;
        }

        return Card(new JsonArray
        {
            TextBlock("Thank you. You can add a comment (optional). It is stored as you type it, so please leave out names and other personal details.", size: "Small"),
            new JsonObject
            {
                ["type"] = "Input.Text",
                ["id"] = CardSubmit.CommentInputId,
                ["label"] = "Comment",
                ["placeholder"] = "What was missing or unclear?",
                ["maxLength"] = MaxCommentChars,
                ["isMultiline"] = true,
            },
            ActionSet(new JsonArray { Submit("Send comment", data) }),
        });
    }

    public static int Size(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.ToJsonString().Length;
    }

    private static JsonObject ComposeChoices(Answer answer, string bodyText)
    {
        var body = new JsonArray { TextBlock(bodyText) };
        var choices = new JsonArray();
        foreach (var choice in answer.Choices.Take(MaxChoices))
        {
            choices.Add(Submit(Trim(choice.Text, MaxTitleChars), AskData(choice)));
        }

        choices.Add(Submit(AnswerRenderer.NoneOfThese, new JsonObject { ["action"] = CardSubmit.None }));
        body.Add(ActionSet(choices));
        if (!string.IsNullOrWhiteSpace(answer.Advice))
        {
            body.Add(TextBlock(answer.Advice));
        }

        if (!string.IsNullOrWhiteSpace(answer.Disclaimer))
        {
            body.Add(TextBlock(answer.Disclaimer, subtle: true, size: "Small"));
        }

        return Card(body);
    }

    private static JsonObject Card(JsonArray body) => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = Version,
        ["body"] = body,
    };

    private static JsonObject AskData(SuggestedQuestion question)
    {
        var data = new JsonObject { ["action"] = CardSubmit.Ask, ["question"] = question.Text };
        if (question.FactId is not null)
        {
            data["factId"] = question.FactId;
        }

        return data;
    }

    private static JsonObject TextBlock(string text, string? weight = null, bool subtle = false, string? size = null, string? color = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = Security.Markup.Neutralise(text), ["wrap"] = true };
        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (subtle)
        {
            block["isSubtle"] = true;
        }

        if (size is not null)
        {
            block["size"] = size;
        }

        if (color is not null)
        {
            block["color"] = color;
        }

        return block;
    }

    /// <summary>A submit button; its title wraps (<c>Action.Submit</c> titles are single-line in some hosts, so they are also kept short).</summary>
    private static JsonObject Submit(string title, JsonObject data) => new() { ["type"] = "Action.Submit", ["title"] = title, ["data"] = data };

    private static JsonObject ActionSet(JsonArray actions) => new() { ["type"] = "ActionSet", ["actions"] = actions };

    internal static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>The card as a compact JSON string.</summary>
    public static string ToJson(JsonObject card) => card.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
