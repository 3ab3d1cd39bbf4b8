using System.Buffers;
using System.Text.Json;

namespace Bot.LoadDriver;

/// <summary>
/// The questions the driver asks, in rotation. By default the public case set
/// (<c>tests/Bot.Answers.Tests/Cases/public-set.json</c>, the public set kept in the repository), so the load mixes facts, refusals,
/// small talk and the emergency path as real traffic would.
/// </summary>
public sealed class QuestionSet
{
    private QuestionSet(IReadOnlyList<string> questions, string source)
    {
        Questions = questions;
        Source = source;
    }

    public IReadOnlyList<string> Questions { get; }

    public string Source { get; }

    public string this[long turn] => Questions[(int)(turn % Questions.Count)];

    private static readonly string[] BuiltIn =
    [
        "What is hemifacial spasm?",
        "What causes hemifacial spasm?",
        "How is hemifacial spasm treated?",
        "Does botox help with face twitching?",
        "What is microvascular decompression?",
        "Is hemifacial spasm dangerous?",
        "hello",
        "My face suddenly drooped and my arm is weak",
    ];

    /// <summary>
    /// A JSON array of strings or of objects with an <c>ask</c> field (the case-set format), or a text
    /// file with one question per line.
    /// </summary>
    public static QuestionSet Load(string? path)
    {
        path ??= Repository.Path("tests", "Bot.Answers.Tests", "Cases", "public-set.json");
        if (path is null || !File.Exists(path))
        {
            return new QuestionSet(BuiltIn, "built-in list");
        }

        var text = File.ReadAllText(path);
        var questions = new List<string>();
        if (text.TrimStart().StartsWith('['))
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    questions.Add(item.GetString()!);
                }
                else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("ask", out var ask) && ask.ValueKind == JsonValueKind.String)
                {
                    questions.Add(ask.GetString()!);
                }
            }
        }
        else
        {
            questions.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        questions.RemoveAll(string.IsNullOrWhiteSpace);
        return questions.Count == 0
            ? throw new UsageException($"no questions in {path}")
            : new QuestionSet(questions, Path.GetFullPath(path));
    }
}

/// <summary>Builds inbound activities as the Bot Framework Emulator sends them (see botcheck.py).</summary>
public static class Activities
{
    public static byte[] EmulatorMessage(Uri serviceUrl, string channelId, string conversationId, string activityId, string text)
    {
        var buffer = new ArrayBufferWriter<byte>(768);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "message"u8);
            json.WriteString("id"u8, activityId);
            json.WriteString("timestamp"u8, DateTime.UtcNow);
            json.WriteString("channelId"u8, channelId);
            json.WriteString("serviceUrl"u8, serviceUrl.AbsoluteUri);
            json.WriteStartObject("conversation"u8);
            json.WriteString("id"u8, conversationId);
            json.WriteEndObject();
            json.WriteStartObject("from"u8);
            json.WriteString("id"u8, "user-" + conversationId);
            json.WriteString("name"u8, "User"u8);
            json.WriteString("role"u8, "user"u8);
            json.WriteEndObject();
            json.WriteStartObject("recipient"u8);
            json.WriteString("id"u8, "bot"u8);
            json.WriteString("name"u8, "Bot"u8);
            json.WriteString("role"u8, "bot"u8);
            json.WriteEndObject();
            json.WriteString("text"u8, text);
            json.WriteString("locale"u8, "en-US"u8);
            json.WriteString("textFormat"u8, "plain"u8);
            json.WriteStartObject("channelData"u8);
            json.WriteString("clientActivityID"u8, activityId);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A Web Chat message as it is posted to Direct Line (the server fills in ids, channel and bot).</summary>
    public static byte[] WebChatMessage(string userId, string clientActivityId, string text)
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "message"u8);
            json.WriteString("channelId"u8, "webchat"u8);
            json.WriteStartObject("from"u8);
            json.WriteString("id"u8, userId);
            json.WriteString("name"u8, "User"u8);
            json.WriteString("role"u8, "user"u8);
            json.WriteEndObject();
            json.WriteString("locale"u8, "en-US"u8);
            json.WriteString("localTimestamp"u8, DateTimeOffset.UtcNow);
            json.WriteString("text"u8, text);
            json.WriteString("textFormat"u8, "plain"u8);
            json.WriteStartObject("channelData"u8);
            json.WriteString("clientActivityID"u8, clientActivityId);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
