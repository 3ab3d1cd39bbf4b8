using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// A seeded generator of hostile request bodies (same seed, same cases): random bytes, truncated and
/// deeply nested JSON, every activity field with a wrong type, huge strings, control characters, invalid
/// UTF-8, Unicode edge cases, FTS query syntax, HTML and script.
/// </summary>
public sealed class FuzzInputs(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Top-level activity fields and nested paths whose type the generator breaks.</summary>
    public static readonly string[] Fields =
    [
        "type", "id", "timestamp", "localTimestamp", "localTimezone", "serviceUrl", "channelId", "from", "conversation", "recipient",
        "textFormat", "attachmentLayout", "membersAdded", "membersRemoved", "reactionsAdded", "reactionsRemoved", "topicName",
        "historyDisclosed", "locale", "text", "speak", "inputHint", "summary", "suggestedActions", "attachments", "entities",
        "channelData", "action", "replyToId", "label", "valueType", "value", "name", "relatesTo", "code", "expiration",
        "importance", "deliveryMode", "listenFor", "textHighlights", "semanticAction", "callerId",
        "from.id", "from.name", "from.role", "conversation.id", "conversation.isGroup", "conversation.conversationType",
        "recipient.id", "attachments.0", "attachments.0.contentType", "attachments.0.content", "entities.0", "entities.0.type",
        "suggestedActions.actions", "membersAdded.0", "membersAdded.0.id", "reactionsAdded.0.type",
        "value.action", "value.question", "value.rating", "value.factIds", "value.feedbackComment", "value.actionName", "value.actionValue",
    ];

    /// <summary>Pieces hostile text is made of.</summary>
    public static readonly string[] Pieces =
    [
        "hemifacial spasm", "botox", "my face is twitching", "what causes it", "surgery", "is it serious", "hello", "thanks",
        "\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r\n", "\u001b[31m", "\u007f", "\u0085", "\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff",
        "\u200f", "\u200e", "\u202e", "\u2066", "\u061c", "مرحبا", "שלום", "\u200d", "\u200b", "\u2060",
        "👨‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "😀", "🤦‍♀️", "e\u0301", "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357a\u0300\u0301\u0302\u0303\u0304l\u0334g\u0335o\u0336",
        "ﬁ", "Ⅻ", "ｆｕｌｌｗｉｄｔｈ", "İ", "ß", "ǅ", "\ud800", "\udc00", "\udbff\udfff",
        "\"", "'", "*", "^", "-", "+", ":", "(", ")", "(((", ")))", "NEAR(", "NEAR(a b, 3)", "OR", "AND", "NOT", "AND NOT",
        "text:", "{a b}", "\"unclosed", "* OR *", "col:x*", "^start", "a*b*c*", "MATCH", "\\", "%", "_", "';--", "'; DROP TABLE feedback;--",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<at>Bot</at>", "<at>", "</at>", "javascript:alert(1)",
        "[click](javascript:alert(1))", "![x](http://evil.example/x.png)", "<iframe src=//evil>", "&lt;b&gt;", "{{7*7}}", "${jndi:ldap://x}",
        "{0}", "%s%s%s%n", "../../etc/passwd", "NaN", "-1e309", "99999999999999999999",
    ];

    public int Next(int max) => _random.Next(max);

    public byte[] RandomBytes() => Bytes(_random.Next(0, 4096));

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A string of 1-12 hostile pieces with random glue.</summary>
    public string HostileText()
    {
        var sb = new StringBuilder();
        var count = _random.Next(1, 13);
        for (var i = 0; i < count; i++)
        {
            sb.Append(Pieces[_random.Next(Pieces.Length)]);
            if (_random.Next(3) == 0)
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }

    /// <summary>A JSON value of the given kind (0-7: integer, huge number, boolean, null, array, object, hostile string, empty string).</summary>
    public JsonNode? WrongValue(int kind) => kind switch
    {
        0 => JsonValue.Create(_random.Next(int.MinValue, int.MaxValue)),
        1 => JsonValue.Create(_random.NextDouble() * 1e300),
        2 => JsonValue.Create(_random.Next(2) == 0),
        3 => null,
        4 => new JsonArray(JsonValue.Create(1), JsonValue.Create("x"), new JsonObject()),
        5 => new JsonObject { ["x"] = 1, ["nested"] = new JsonArray() },
        6 => JsonValue.Create(HostileText()),
        _ => JsonValue.Create(""),
    };

    public const int WrongValueKinds = 8;

    /// <summary>Sets <paramref name="path"/> (dot-separated, numeric segments index arrays) in <paramref name="root"/>, creating containers.</summary>
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode current = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var next = parts[i + 1];
            var wantArray = int.TryParse(next, out _);
            current = Child(current, parts[i], wantArray);
        }

        var last = parts[^1];
        if (current is JsonArray array && int.TryParse(last, out var index))
        {
            while (array.Count <= index)
            {
                array.Add(null);
            }

            array[index] = value;
        }
        else if (current is JsonObject obj)
        {
            obj[last] = value;
        }
    }

    private static JsonNode Child(JsonNode parent, string key, bool wantArray)
    {
        JsonNode? existing = parent is JsonArray a && int.TryParse(key, out var i) ? (i < a.Count ? a[i] : null) : (parent as JsonObject)?[key];
        if (existing is JsonObject or JsonArray && (existing is JsonArray) == wantArray)
        {
            return existing;
        }

        JsonNode created = wantArray ? new JsonArray() : new JsonObject();
        if (parent is JsonArray array && int.TryParse(key, out var index))
        {
            while (array.Count <= index)
            {
                array.Add(null);
            }

            array[index] = created;
        }
        else
        {
            ((JsonObject)parent)[key] = created;
        }

        return created;
    }

    /// <summary>JSON nested <paramref name="depth"/> levels deep, arrays and objects mixed.</summary>
    public string Nested(int depth)
    {
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            if (_random.Next(2) == 0)
            {
                open.Append('[');
                close.Insert(0, ']');
            }
            else
            {
                open.Append("{\"a\":");
                close.Insert(0, '}');
            }
        }

        return open + "1" + close;
    }

    /// <summary>A valid JSON string literal's bytes with invalid UTF-8 sequences inside.</summary>
    public byte[] InvalidUtf8Text(string before, string after)
    {
        byte[][] bad = [[0xC3, 0x28], [0xFF], [0xFE, 0xFE], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82]];
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(before));
        bytes.AddRange(Encoding.UTF8.GetBytes("hemifacial "));
        bytes.AddRange(bad[_random.Next(bad.Length)]);
        bytes.AddRange(Encoding.UTF8.GetBytes(" spasm"));
        bytes.AddRange(Encoding.UTF8.GetBytes(after));
        return [.. bytes];
    }

    public static string Serialize(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
