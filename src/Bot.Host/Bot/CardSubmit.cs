using System.Text.Json;
using Bot.Protocol.Schema;

namespace Bot.Host.Bot;

/// <summary>
/// The data our cards submit (Adaptive Card <c>Action.Submit</c> → a message whose <c>value</c> holds it, or
/// <c>Action.Execute</c> → <c>adaptiveCard/action</c> with it as <c>action.data</c>):
/// <list type="bullet">
/// <item><c>{"action":"ask","question":"...","factId":"..."}</c>: a follow-up or "did you mean" choice; the bot answers the question.</item>
/// <item><c>{"action":"none"}</c>: "none of these"; the bot says what it can answer.</item>
/// <item><c>{"action":"feedback","rating":"up"|"down","factIds":[...],"kind":"Fact","feedbackComment":"..."}</c>: stored as feedback.</item>
/// </list>
/// </summary>
public sealed record CardSubmit(string Action, string? Question, string? FactId, string? Rating, IReadOnlyList<string> FactIds, string? Kind, string? Comment)
{
    public const string Ask = "ask";
    public const string None = "none";
    public const string Feedback = "feedback";
    public const string CommentInputId = "feedbackComment";

    /// <summary>Reads submit data; null when the value is not one of ours.</summary>
    public static CardSubmit? TryRead(object? value)
    {
        if (ProtocolJson.AsElement(value) is not { ValueKind: JsonValueKind.Object } v)
        {
            return null;
        }

        var action = Str(v, "action");
        if (action is null)
        {
            return null;
        }

        var factIds = v.TryGetProperty("factIds", out var f) && f.ValueKind == JsonValueKind.Array
            ? f.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).Take(20).ToList()
            : [];
        return new CardSubmit(action, Str(v, "question"), Str(v, "factId"), Str(v, "rating"), factIds, Str(v, "kind"), Str(v, CommentInputId));
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
