using System.Text.Json;

namespace Bot.Host.Tests.Support;

public static class Json
{
    /// <summary>Every Adaptive Card action (anywhere in the card) as (type, title, data-or-url).</summary>
    public static List<(string Type, string Title, JsonElement Element)> CardActions(JsonElement card)
    {
        var result = new List<(string, string, JsonElement)>();
        Walk(card, result);
        return result;
    }

    /// <summary>Every TextBlock text in the card.</summary>
    public static List<string> CardTexts(JsonElement card)
    {
        var result = new List<string>();
        WalkTexts(card, result);
        return result;
    }

    private static void Walk(JsonElement e, List<(string, string, JsonElement)> result)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("type", out var t) && t.GetString() is { } type && type.StartsWith("Action.", StringComparison.Ordinal))
            {
                result.Add((type, e.GetProperty("title").GetString()!, e));
            }

            foreach (var p in e.EnumerateObject())
            {
                Walk(p.Value, result);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray())
            {
                Walk(x, result);
            }
        }
    }

    private static void WalkTexts(JsonElement e, List<string> result)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("type", out var t) && t.GetString() == "TextBlock")
            {
                result.Add(e.GetProperty("text").GetString()!);
            }

            foreach (var p in e.EnumerateObject())
            {
                WalkTexts(p.Value, result);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray())
            {
                WalkTexts(x, result);
            }
        }
    }
}
