using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.Host.Tests.Support;

/// <summary>
/// Replays a Bot Framework Emulator <c>.transcript</c> (a JSON array of activities, or an object with a
/// <c>transcript</c> array) against the host: every activity not from the bot is posted to /api/messages
/// in order (its serviceUrl pointed at the fake Connector), and the bot's replies are compared with the
/// bot activities that follow it in the transcript. Compared: type, text, textFormat, attachment content
/// types, the text of every Adaptive Card TextBlock and the title of every card action, suggested action
/// titles, entity types. Ignored: ids, timestamps, addresses (they differ on every run).
/// Set <c>BOT_TRANSCRIPT_RECORD=1</c> to rewrite the transcript's bot activities from the current behaviour.
/// </summary>
public static class TranscriptReplayer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonArray Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        return root is JsonObject o && o["transcript"] is JsonArray inner ? inner : root.AsArray();
    }

    /// <summary>Returns one line per difference (empty: the bot behaved as recorded).</summary>
    public static async Task<List<string>> ReplayAsync(BotHost host, string path)
    {
        var transcript = Load(path);
        var differences = new List<string>();
        var recorded = new JsonArray();
        var i = 0;
        while (i < transcript.Count)
        {
            var inbound = transcript[i]!.AsObject();
            if (IsFromBot(inbound))
            {
                differences.Add($"activity {i}: a bot activity with no user activity before it");
                i++;
                continue;
            }

            var expected = new List<JsonObject>();
            var j = i + 1;
            while (j < transcript.Count && IsFromBot(transcript[j]!.AsObject()))
            {
                expected.Add(transcript[j]!.AsObject());
                j++;
            }

            var before = host.Network.ConnectorRequests.Count;
            var post = (JsonObject)inbound.DeepClone();
            post["serviceUrl"] = BotHost.EmulatorServiceUrl;
            var response = await host.PostActivityAsync(post);
            if (!response.IsSuccessStatusCode)
            {
                differences.Add($"activity {i} ({inbound["type"]}): HTTP {(int)response.StatusCode}");
            }

            var actual = host.Network.ConnectorRequests.Skip(before).Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
            recorded.Add(inbound.DeepClone());
            foreach (var a in actual)
            {
                var copy = (JsonObject)a.DeepClone();
                copy["from"] = new JsonObject { ["id"] = inbound["recipient"]?["id"]?.GetValue<string>(), ["role"] = "bot" };
                recorded.Add(copy);
            }

            if (actual.Count != expected.Count)
            {
                differences.Add($"after activity {i} ({inbound["type"]}): expected {expected.Count} bot activities, got {actual.Count}");
            }

            for (var k = 0; k < Math.Min(actual.Count, expected.Count); k++)
            {
                var want = Summary(expected[k]);
                var got = Summary(actual[k]);
                if (!JsonNode.DeepEquals(want, got))
                {
                    differences.Add($"after activity {i}, reply {k}:\n  expected {want.ToJsonString(Indented)}\n  actual   {got.ToJsonString(Indented)}");
                }
            }

            i = j;
        }

        if (Environment.GetEnvironmentVariable("BOT_TRANSCRIPT_RECORD") == "1")
        {
            var source = Path.Combine(SourceDirectory(), "Transcripts", Path.GetFileName(path));
            await File.WriteAllTextAsync(source, recorded.ToJsonString(Indented) + "\n");
        }

        return differences;
    }

    private static bool IsFromBot(JsonObject activity) =>
        activity["from"]?["role"]?.GetValue<string>() == "bot";

    /// <summary>The parts of a bot activity a transcript pins down.</summary>
    public static JsonObject Summary(JsonObject activity)
    {
        var summary = new JsonObject
        {
            ["type"] = activity["type"]?.GetValue<string>(),
            ["text"] = activity["text"]?.GetValue<string>(),
            ["textFormat"] = activity["textFormat"]?.GetValue<string>(),
        };
        var attachments = new JsonArray();
        foreach (var attachment in activity["attachments"]?.AsArray() ?? [])
        {
            var content = attachment!["content"];
            var item = new JsonObject { ["contentType"] = attachment["contentType"]?.GetValue<string>() };
            if (content is not null)
            {
                var element = JsonDocument.Parse(content.ToJsonString()).RootElement;
                item["texts"] = new JsonArray(Json.CardTexts(element).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
                item["actions"] = new JsonArray(Json.CardActions(element).Select(a => (JsonNode?)JsonValue.Create(a.Type + ": " + a.Title)).ToArray());
            }

            attachments.Add(item);
        }

        summary["attachments"] = attachments;
        summary["suggestedActions"] = new JsonArray((activity["suggestedActions"]?["actions"]?.AsArray() ?? [])
            .Select(a => (JsonNode?)JsonValue.Create(a!["type"]?.GetValue<string>() + ": " + a["title"]?.GetValue<string>())).ToArray());
        summary["entities"] = new JsonArray((activity["entities"]?.AsArray() ?? [])
            .Select(e => (JsonNode?)JsonValue.Create(e!["type"]?.GetValue<string>())).ToArray());
        return summary;
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(file))!;
}
