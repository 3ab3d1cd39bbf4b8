using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Answers;

namespace Bot.Host.Bot;

/// <summary>
/// Builds the answer's Adaptive Card (version 1.5, <c>Action.Submit</c> and <c>Action.OpenUrl</c> only, so
/// it works in Teams, Web Chat and the Emulator alike): the answer with its [n] markers, the advice and
/// disclaimer, "did you mean" choices (+ "None of these"), numbered sources as links, follow-up
/// questions and, where the channel has no native feedback, thumbs up/down with an optional comment.
/// The card is kept well inside Teams' message size limit (see <see cref="MaxCardChars"/>).
/// </summary>
public static class AdaptiveCardBuilder
{
    public const string Version = "1.5";

    /// <summary>Serialized card budget in characters (Teams counts UTF-16: 12 000 chars ≈ 24 KB, under the oldest 28 KB limit).</summary>
    public const int MaxCardChars = 12_000;

    public const int MaxCitations = 20;
    public const int MaxFollowUps = 5;
    public const int MaxChoices = 3;
    public const int MaxTitleChars = 80;

    /// <summary>
    /// Builds the card within <see cref="MaxCardChars"/>. <paramref name="fallbackText"/> (for clients that cannot
    /// render cards) is added only when it still fits; its cost is computed from the string alone, so the
    /// card is not serialised again to check.
    /// </summary>
    public static JsonObject Build(Answer answer, bool includeFeedback, string? fallbackText = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var bodyText = answer.Text;
        var card = Compose(answer, bodyText, includeFeedback, includeSourceList: true);
        var size = Size(card);
        if (size > MaxCardChars)
        {
            card = Compose(answer, bodyText, includeFeedback, includeSourceList: false);
            size = Size(card);
        }

        while (size > MaxCardChars && bodyText.Length > 200)
        {
            bodyText = bodyText[..(bodyText.Length * 2 / 3)].TrimEnd() + "…";
            card = Compose(answer, bodyText, includeFeedback, includeSourceList: false);
            size = Size(card);
        }

        if (fallbackText is not null
            && size + FallbackTextProperty.Length + JsonValue.Create(fallbackText).ToJsonString().Length <= MaxCardChars)
        {
            card["fallbackText"] = fallbackText;
        }

        return card;
    }

    private const string FallbackTextProperty = ",\"fallbackText\":";

    public static int Size(JsonNode card) => card.ToJsonString().Length;

    private static JsonObject Compose(Answer answer, string bodyText, bool includeFeedback, bool includeSourceList)
    {
        var body = new JsonArray();
        if (answer.Truncated && answer.Kind != AnswerKind.Emergency)
        {
            body.Add(TextBlock(AnswerRenderer.TruncatedNote, subtle: true, size: "Small"));
        }

        body.Add(TextBlock(bodyText));

        if (answer.Kind == AnswerKind.DidYouMean && answer.Choices.Count > 0)
        {
            var choices = new JsonArray();
            foreach (var choice in answer.Choices.Take(MaxChoices))
            {
                choices.Add(Submit(Trim(choice.Text, MaxTitleChars), AskData(choice)));
            }

            choices.Add(Submit("None of these", new JsonObject { ["action"] = CardSubmit.None }));
            body.Add(ActionSet(choices));
        }

        if (!string.IsNullOrWhiteSpace(answer.Advice))
        {
            body.Add(TextBlock(answer.Advice, weight: "Bolder"));
        }

        if (!string.IsNullOrWhiteSpace(answer.Disclaimer))
        {
            body.Add(TextBlock(answer.Disclaimer, subtle: true, size: "Small"));
        }

        var citations = answer.Citations.OrderBy(c => c.Number).Take(MaxCitations).ToList();
        if (citations.Count > 0)
        {
            body.Add(TextBlock("Sources", weight: "Bolder", separator: true));
            if (includeSourceList)
            {
                foreach (var c in citations)
                {
                    body.Add(TextBlock(FormattableString.Invariant($"[{c.Number}] {c.Title}. {c.Publisher}, {c.Year}."), subtle: true, size: "Small", spacing: "None"));
                }
            }

            var links = new JsonArray();
            foreach (var c in citations)
            {
                links.Add(new JsonObject
                {
                    ["type"] = "Action.OpenUrl",
                    ["title"] = Trim(FormattableString.Invariant($"[{c.Number}] {c.Title}"), MaxTitleChars),
                    ["url"] = c.Url.AbsoluteUri,
                });
            }

            body.Add(ActionSet(links));
        }

        if (answer.FollowUps.Count > 0)
        {
            body.Add(TextBlock("You could also ask", weight: "Bolder", separator: true));
            var followUps = new JsonArray();
            foreach (var q in answer.FollowUps.Take(MaxFollowUps))
            {
                followUps.Add(Submit(Trim(q.Text, MaxTitleChars), AskData(q)));
            }

            body.Add(ActionSet(followUps));
        }

        if (includeFeedback)
        {
            body.Add(TextBlock("Was this helpful?", weight: "Bolder", separator: true));
            body.Add(new JsonObject
            {
                ["type"] = "Input.Text",
                ["id"] = CardSubmit.CommentInputId,
                ["placeholder"] = "Optional comment (please leave out personal details)",
                ["maxLength"] = 500,
                ["isMultiline"] = false,
            });
            var factIds = new JsonArray(answer.FactIds.Take(20).Select(id => (JsonNode?)JsonValue.Create(id)).ToArray());
            body.Add(ActionSet(new JsonArray
            {
                Submit("👍 Helpful", Feedback("up", factIds, answer.Kind)),
                Submit("👎 Not helpful", Feedback("down", factIds.DeepClone().AsArray(), answer.Kind)),
            }));
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = body,
        };
    }

    private static JsonObject AskData(SuggestedQuestion question)
    {
        var data = new JsonObject { ["action"] = CardSubmit.Ask, ["question"] = question.Text };
        if (question.FactId is not null)
        {
            data["factId"] = question.FactId;
        }

        return data;
    }

    private static JsonObject Feedback(string rating, JsonArray factIds, AnswerKind kind) => new()
    {
        ["action"] = CardSubmit.Feedback,
        ["rating"] = rating,
        ["factIds"] = factIds,
        ["kind"] = kind.ToString(),
    };

    private static JsonObject TextBlock(string text, string? weight = null, bool subtle = false, string? size = null, bool separator = false, string? spacing = null)
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

        if (separator)
        {
            block["separator"] = true;
        }

        if (spacing is not null)
        {
            block["spacing"] = spacing;
        }

        return block;
    }

    private static JsonObject Submit(string title, JsonObject data) => new() { ["type"] = "Action.Submit", ["title"] = title, ["data"] = data };

    private static JsonObject ActionSet(JsonArray actions) => new() { ["type"] = "ActionSet", ["actions"] = actions };

    internal static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>The card as a compact JSON string (for the Teams citation <c>appearance.text</c> and size checks).</summary>
    public static string ToJson(JsonObject card) => card.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
