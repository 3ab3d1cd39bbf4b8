using System.Net;
using System.Text;
using System.Text.Json;
using Bot.Host.Tests.Support;
using Bot.Tests.Services;
using Microsoft.Data.Sqlite;

namespace Bot.Host.Tests.Reliability;

/// <summary>Crash and stop signal against the host as a real process: nothing acknowledged is lost, in-flight turns finish.</summary>
public sealed class ProcessFaultTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bot-process-tests-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_dir, "feedback.db");

    private static string FeedbackJson(Uri serviceUrl, string messageId, int i) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["type"] = "message",
        ["id"] = "fb-" + i,
        ["channelId"] = "emulator",
        ["serviceUrl"] = serviceUrl.AbsoluteUri,
        ["conversation"] = new { id = "crash-conv-" + (i % 7) },
        ["from"] = new { id = "user-1" },
        ["recipient"] = new { id = "bot-1" },
        ["replyToId"] = messageId,
        ["value"] = new { action = "feedback", rating = i % 2 == 0 ? "up" : "down", factIds = new[] { "hfs-what" }, kind = "Fact" },
    });

    private static Task<HttpResponseMessage> PostAsync(ChildHost host, string json) =>
        host.Http.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));

    private List<string> StoredMessageIds()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_id FROM feedback ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [Fact]
    public async Task Feedback_acknowledged_before_a_kill_9_is_all_there_after_a_restart()
    {
        await using var connector = await LoopbackConnector.StartAsync();
        var environment = new Dictionary<string, string> { ["Feedback__DatabasePath"] = DatabasePath };
        var acknowledged = new List<string>();

        using (var host = await ChildHost.StartAsync(environment))
        {
            for (var i = 0; i < 25; i++)
            {
                var id = "ack-" + i;
                var response = await PostAsync(host, FeedbackJson(connector.ServiceUrl, id, i));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                acknowledged.Add(id);
            }

            // More writes in flight while the process is killed: they may or may not land, but must not corrupt.
            var inFlight = Enumerable.Range(100, 20).Select(i => PostAsync(host, FeedbackJson(connector.ServiceUrl, "inflight-" + i, i))).ToList();
            host.KillHard();
            await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        var afterCrash = StoredMessageIds();
        Assert.All(acknowledged, id => Assert.Contains(id, afterCrash));
        Assert.All(afterCrash, id => Assert.True(id.StartsWith("ack-", StringComparison.Ordinal) || id.StartsWith("inflight-", StringComparison.Ordinal)));

        using (var restarted = await ChildHost.StartAsync(environment))
        {
            var response = await PostAsync(restarted, FeedbackJson(connector.ServiceUrl, "after-restart", 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var final = StoredMessageIds();
        Assert.All(acknowledged, id => Assert.Contains(id, final));
        Assert.Contains("after-restart", final);
    }

    [Fact]
    public async Task On_SIGTERM_the_turn_in_flight_finishes_and_delivers_its_reply_while_new_requests_are_refused()
    {
        await using var connector = await LoopbackConnector.StartAsync();
        using var host = await ChildHost.StartAsync(new Dictionary<string, string>
        {
            ["Feedback__DatabasePath"] = DatabasePath,
            ["Shutdown__DrainTimeout"] = "00:00:30",
        });
        connector.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = JsonSerializer.Serialize(Activities.Message("What causes hemifacial spasm?", "emulator", connector.ServiceUrl.AbsoluteUri, "drain-1", "m-1"));

        var inFlight = PostAsync(host, message);
        await WaitUntil(() => !connector.Received.IsEmpty, "the turn never reached the Connector");
        host.Terminate();

        // New requests are refused from now on (503 while draining, or the listener is already closed).
        await WaitUntil(
            () =>
            {
                try
                {
                    using var fresh = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
                    return fresh.GetAsync("/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.ServiceUnavailable;
                }
                catch (HttpRequestException)
                {
                    return true;
                }
                catch (TaskCanceledException)
                {
                    return true;
                }
            },
            "new requests were still served after SIGTERM");
        Assert.False(inFlight.IsCompleted, "the in-flight turn was cut short");

        connector.Hold.SetResult();
        var response = await inFlight.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(connector.Received);
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(60)), "the host did not exit after draining");
    }

    [Fact]
    public async Task Invalid_knowledge_stops_start_up_with_file_and_line_and_nothing_is_served()
    {
        var knowledge = Path.Combine(_dir, "knowledge");
        TestDirectories.Copy(global::Bot.Knowledge.KnowledgeLocator.FindRoot(AppContext.BaseDirectory), knowledge);
        var facts = Directory.GetFiles(Path.Combine(knowledge, "facts"), "*.yaml").Order(StringComparer.Ordinal).First();
        await File.AppendAllTextAsync(facts, "\n- id: broken-fact\n  topic: basics\n  references: [no-such-reference]\n");

        using var host = await ChildHost.StartAsync(new Dictionary<string, string>
        {
            ["Feedback__DatabasePath"] = DatabasePath,
            ["Knowledge__Path"] = knowledge,
        }, waitUntilReady: false);

        Assert.True(host.WaitForExit(TimeSpan.FromMinutes(2)), "the host kept running on invalid knowledge");
        Assert.NotEqual(0, host.ExitCode);
        Assert.Matches(@"facts[/\\][\w-]+\.yaml:\d+", host.Output);
        Assert.Contains("broken-fact", host.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task WaitUntil(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
