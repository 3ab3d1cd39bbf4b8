using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// The CI-sized load run (the full one is <c>bash .ci/load-run</c>, see the README): the real host as a
/// process, many concurrent conversations through /api/messages and through Direct Line, zero failed turns,
/// every reply delivered. Counts only; speed is reported by the load run, never asserted.
/// </summary>
public sealed class LoadSmokeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bot-load-smoke-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Many_concurrent_turns_through_api_messages_all_succeed_and_every_reply_is_delivered()
    {
        await using var connector = await LoopbackConnector.StartAsync();
        using var host = await ChildHost.StartAsync(new Dictionary<string, string>
        {
            ["Feedback__DatabasePath"] = Path.Combine(_dir, "feedback.db"),
            ["RateLimiting__MessagesPerClient__Burst"] = "100000",
            ["RateLimiting__MessagesPerClient__PerSecond"] = "100000",
        });
        string[] questions = ["What is hemifacial spasm?", "What causes it?", "How is it treated?", "Is botox safe?", "hello", "Can surgery cure it?"];
        const int Workers = 32;
        const int TurnsPerWorker = 20;
        var failures = new ConcurrentQueue<string>();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async w =>
        {
            for (var t = 0; t < TurnsPerWorker; t++)
            {
                // 10 turns per conversation, as the load driver does (inside the per-conversation limit).
                var activity = Activities.Message(questions[(w + t) % questions.Length], "emulator", connector.ServiceUrl.AbsoluteUri, $"load-{w}-{t / 10}", $"m-{w}-{t}");
                using var response = await host.Http.PostAsync("/api/messages", new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"worker {w} turn {t}: {(int)response.StatusCode}");
                }
            }
        }));

        Assert.Empty(failures);
        Assert.Equal(Workers * TurnsPerWorker, connector.Received.Count);
        Assert.All(connector.Received, FuzzAssertions.CheckReply);
    }

    [Fact]
    public async Task Many_concurrent_Web_Chat_conversations_through_Direct_Line_all_get_their_replies()
    {
        await using var connector = await LoopbackConnector.StartAsync();
        using var host = await ChildHost.StartAsync(new Dictionary<string, string>
        {
            ["Feedback__DatabasePath"] = Path.Combine(_dir, "feedback.db"),
            ["RateLimiting__ConversationsPerClient__Burst"] = "1000",
            ["DirectLine__MaxConversationsPerAddress"] = "1000",
            ["RateLimiting__DirectLinePerClient__Burst"] = "100000",
            ["RateLimiting__DirectLinePerClient__PerSecond"] = "100000",
        });
        const int Conversations = 40;
        const int Turns = 3;
        var failures = new ConcurrentQueue<string>();

        await Task.WhenAll(Enumerable.Range(0, Conversations).Select(async c =>
        {
            using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            var grant = JsonDocument.Parse(await (await client.GenerateAsPageAsync("{\"user\":{\"id\":\"dl_load" + c + "\"}}")).Content.ReadAsStringAsync()).RootElement;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", grant.GetProperty("token").GetString());
            var id = Uri.EscapeDataString(grant.GetProperty("conversationId").GetString()!);
            (await client.PostAsync("/v3/directline/conversations", Json("{}"))).EnsureSuccessStatusCode();
            for (var t = 0; t < Turns; t++)
            {
                var post = await client.PostAsync($"/v3/directline/conversations/{id}/activities", Json("{\"type\":\"message\",\"from\":{\"id\":\"dl_load" + c + "\"},\"text\":\"What causes hemifacial spasm?\",\"channelData\":{\"clientActivityID\":\"c" + t + "\"}}"));
                if (post.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"conversation {c} turn {t}: {(int)post.StatusCode}");
                }
            }

            // The welcome and one answer per message, readable by polling as Web Chat does.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var botReplies = 0;
            while (DateTime.UtcNow < deadline)
            {
                var set = JsonDocument.Parse(await client.GetStringAsync($"/v3/directline/conversations/{id}/activities")).RootElement;
                botReplies = set.GetProperty("activities").EnumerateArray().Count(a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("id").GetString() != "dl_load" + c);
                if (botReplies >= Turns + 1)
                {
                    break;
                }

                await Task.Delay(200);
            }

            if (botReplies < Turns + 1)
            {
                failures.Enqueue($"conversation {c}: {botReplies} bot messages, expected {Turns + 1}");
            }
        }));

        Assert.Empty(failures);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

/// <summary>The reply checks of <see cref="FuzzTests"/>, for reuse.</summary>
internal static class FuzzAssertions
{
    public static void CheckReply(string json) => FuzzTests.CheckReply(json, "load reply");
}
