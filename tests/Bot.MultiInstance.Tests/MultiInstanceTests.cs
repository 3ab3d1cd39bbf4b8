using System.Globalization;
using System.Text.Json.Nodes;
using Bot.Tests.Services;
using Npgsql;

namespace Bot.MultiInstance.Tests;

[CollectionDefinition(Name)]
public sealed class ServicesCollection : ICollectionFixture<RedisServer>, ICollectionFixture<PostgresServer>
{
    public const string Name = "Redis and PostgreSQL for two instances";
}

/// <summary>
/// Several instances as deployed: two host processes on one real Redis and one real PostgreSQL behind a round-robin
/// YARP proxy, with Web Chat conversations driven through the proxy by Web Chat's own Direct Line JS client over
/// WebSockets. Where each request went is read from the proxy, so "landed on the other instance" is a fact, not
/// a hope.
/// </summary>
[Collection(ServicesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class MultiInstanceTests(RedisServer redis, PostgresServer postgres)
{
    private const string BotId = "hemifacial-spasm-bot";

    private static readonly string[] Questions =
    [
        "What is hemifacial spasm?",
        "What causes hemifacial spasm?",
        "How is hemifacial spasm diagnosed?",
        "Is surgery an option for hemifacial spasm?",
        "Can hemifacial spasm go away on its own?",
    ];

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Conversations_through_the_proxy_span_both_instances_and_carry_on_with_nothing_lost_when_one_is_killed()
    {
        await using var cluster = await Cluster.StartAsync(redis, postgres);
        using var client = WebChatClient.Start(cluster.Proxy.BaseAddress);
        using var viaProxy = new HttpClient { BaseAddress = cluster.Proxy.BaseAddress };
        var proxy = cluster.Proxy;

        // Two visitors, one after the other, so the proxy's k-th tokens/generate is the k-th conversation's.
        var a = await client.StartConversationAsync("a");
        var b = await client.StartConversationAsync("b");
        var generated = proxy.Requests.Where(r => r.Path.EndsWith("/tokens/generate", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, generated.Count);
        await client.WaitForActivityAsync("a", IsBotMessage, ReplyTimeout);
        await client.WaitForActivityAsync("b", IsBotMessage, ReplyTimeout);

        // Questions in both conversations, each awaited: the round robin sends consecutive posts to alternate instances.
        var posted = new Dictionary<string, List<string>> { ["a"] = [], ["b"] = [] };
        var replies = new Dictionary<string, List<JsonObject>> { ["a"] = [], ["b"] = [] };
        // The order flips each round (a b, b a, a b), so each conversation's consecutive posts alternate instances.
        for (var i = 0; i < 3; i++)
        {
            foreach (var conv in i % 2 == 0 ? new[] { "a", "b" } : ["b", "a"])
            {
                var (id, reply) = await AskAsync(client, conv, conv + i, Questions[i]);
                posted[conv].Add(id);
                replies[conv].Add(reply);
            }
        }

        // Feedback with Web Chat's own thumbs, from each conversation, through each instance.
        var feedbackInstances = new List<string>();
        foreach (var conv in new[] { "a", "b" })
        {
            if (feedbackInstances.Count == 1 && Other(proxy.LastInstance!) == feedbackInstances[0])
            {
                // Move the round robin on by one, so this vote goes to the instance the first one did not.
                (await viaProxy.GetAsync(new Uri("/healthz", UriKind.Relative))).EnsureSuccessStatusCode();
            }

            var outcome = await client.PostAsync(conv, conv + "-vote", Vote(replies[conv][0]));
            Assert.Equal("posted", (string?)outcome["event"]);
            feedbackInstances.Add(LastPost(proxy, conv == "a" ? a : b).Instance);
        }

        Assert.NotEqual(feedbackInstances[0], feedbackInstances[1]);

        // Where things landed: each conversation's token came from one instance and was used on the other, its posts
        // (and so its turns) ran on both, and replies produced on the instance without its stream reached the stream.
        foreach (var (conv, id, token) in new[] { ("a", a, generated[0]), ("b", b, generated[1]) })
        {
            var posts = proxy.Requests.Where(r => r.Method == "POST" && r.Path.Contains(id + "/activities", StringComparison.Ordinal)).ToList();
            var stream = Assert.Single(proxy.Requests, r => r.WebSocket && r.Path.Contains(id, StringComparison.Ordinal));
            Assert.Equal(["A", "B"], posts.Select(p => p.Instance).Distinct().Order());
            Assert.Contains(proxy.Requests, r => r.Sequence > token.Sequence && r.Instance != token.Instance
                && (r.Path.Contains(id, StringComparison.Ordinal) || r.Path.EndsWith("/conversations", StringComparison.Ordinal)));
            Assert.Contains(posts, p => p.Instance != stream.Instance);
        }

        // Kill -9 the instance holding conversation a's WebSocket. The proxy's health check takes it out; a's next
        // question is posted at once, before Web Chat's client has reconnected its stream (3 to 15 s later): the reply
        // waits in Redis and comes with the reconnection's watermark.
        var victim = proxy.Requests.Last(r => r.WebSocket && r.Path.Contains(a, StringComparison.Ordinal)).Instance;
        var survivor = Other(victim);
        var killedAt = proxy.Requests.Last().Sequence;
        cluster.Instances[victim].KillHard();
        await proxy.WaitUntilOutOfRotationAsync(victim, TimeSpan.FromSeconds(30));
        var outAt = proxy.Requests.Last().Sequence;

        for (var i = 3; i < Questions.Length; i++)
        {
            foreach (var conv in new[] { "a", "b" })
            {
                var (id, reply) = await AskAsync(client, conv, conv + i, Questions[i]);
                posted[conv].Add(id);
                replies[conv].Add(reply);
            }
        }

        // After the kill, a's stream came back on the survivor, and every post went there.
        Assert.Contains(proxy.Requests, r => r.WebSocket && r.Sequence > killedAt && r.Instance == survivor && r.Path.Contains(a, StringComparison.Ordinal));
        Assert.All(proxy.Requests.Where(r => r.Sequence > outAt && r.Method == "POST"), r => Assert.Equal(survivor, r.Instance));

        // Every reply once and in order, nothing lost: the client saw each activity once, in the channel's sequence,
        // with no gap across the kill; each question is echoed once and answered once, in the order asked.
        foreach (var conv in new[] { "a", "b" })
        {
            var seen = client.Activities(conv).Where(x => (string?)x["type"] != "typing").ToList();
            var ids = seen.Select(x => (string)x["id"]!).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            var sequence = ids.Select(SequenceOf).ToList();
            Assert.Equal(Enumerable.Range(sequence[0], sequence.Count), sequence);
            foreach (var id in posted[conv])
            {
                Assert.Single(seen, x => (string?)x["id"] == id);
                Assert.Single(seen, x => IsBotMessage(x) && (string?)x["replyToId"] == id);
            }

            var answerOrder = seen.Where(IsBotMessage).Select(x => (string?)x["replyToId"] ?? "").Where(posted[conv].Contains).ToList();
            Assert.Equal(posted[conv], answerOrder);
        }

        // Both votes are in the one PostgreSQL table, whichever instance took them; no message text is stored.
        await using var source = NpgsqlDataSource.Create(cluster.FeedbackDatabase);
        await using var command = source.CreateCommand("SELECT rating, channel_id, comment FROM feedback ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(short Rating, string Channel, bool HasComment)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt16(0), reader.GetString(1), !reader.IsDBNull(2)));
        }

        Assert.Equal([(1, "webchat", false), (1, "webchat", false)], rows.Select(r => ((int)r.Rating, r.Channel, r.HasComment)));
        Assert.True(cluster.Instances[survivor].HasExited is false, "the survivor is still serving");
    }

    [Fact]
    public async Task The_per_conversation_rate_limit_holds_across_both_instances()
    {
        // A small budget and almost no refill, so the count is exact: burst 6 for the conversation, whichever
        // instance a post reaches. Per-process buckets would let each instance take 6 of the 12.
        await using var cluster = await Cluster.StartAsync(redis, postgres, new Dictionary<string, string>
        {
            ["RateLimiting__PerConversation__Burst"] = "6",
            ["RateLimiting__PerConversation__PerSecond"] = "0.001",
        });
        using var client = WebChatClient.Start(cluster.Proxy.BaseAddress);
        var id = await client.StartConversationAsync("c");
        await client.WaitForActivityAsync("c", IsBotMessage, ReplyTimeout);

        var references = Enumerable.Range(0, 12).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var reference in references)
        {
            client.BeginPost("c", reference, Message("What is hemifacial spasm? " + reference));
        }

        var outcomes = new List<JsonObject>();
        foreach (var reference in references)
        {
            outcomes.Add(await client.WaitForPostAsync(reference));
        }

        var posts = cluster.Proxy.Requests.Where(r => r.Method == "POST" && r.Path.Contains(id + "/activities", StringComparison.Ordinal)).ToList();
        var seen = string.Join(", ", posts.Select(p => p.Instance + ":" + cluster.Proxy.Statuses.GetValueOrDefault(p.Sequence)));
        Assert.True(posts.Count == 12, seen);
        Assert.Equal(6, posts.Count(p => p.Instance == "A"));
        Assert.Equal(6, posts.Count(p => p.Instance == "B"));
        Assert.Equal(6, outcomes.Count(o => (string?)o["event"] == "posted"));

        // The six refused posts were refused by the instances with 429 (Web Chat's client reports them as failed
        // sends, to retry); with a bucket per process each instance would have accepted all six it got.
        Assert.Equal(6, posts.Count(p => cluster.Proxy.Statuses.GetValueOrDefault(p.Sequence) == 200));
        Assert.True(posts.Count(p => cluster.Proxy.Statuses.GetValueOrDefault(p.Sequence) == 429) == 6, seen);
        Assert.All(outcomes.Where(o => (string?)o["event"] != "posted"), o => Assert.Equal("postFailed", (string?)o["event"]));

        // Each accepted question is answered; a refused one never reached the bot.
        var accepted = outcomes.Where(o => (string?)o["event"] == "posted").Select(o => (string)o["id"]!).ToList();
        foreach (var acceptedId in accepted)
        {
            await client.WaitForActivityAsync("c", x => IsBotMessage(x) && (string?)x["replyToId"] == acceptedId, ReplyTimeout);
        }

        Assert.Equal(accepted.Count + 1, client.Activities("c").Count(IsBotMessage));
    }

    private static async Task<(string Id, JsonObject Reply)> AskAsync(WebChatClient client, string conv, string reference, string text)
    {
        var outcome = await client.PostAsync(conv, reference, Message(text));
        Assert.True((string?)outcome["event"] == "posted", outcome.ToJsonString());
        var id = (string)outcome["id"]!;
        var reply = await client.WaitForActivityAsync(conv, x => IsBotMessage(x) && (string?)x["replyToId"] == id, ReplyTimeout);
        return (id, reply);
    }

    private static JsonObject Message(string text) => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["textFormat"] = "plain",
        ["locale"] = "en-US",
        ["channelData"] = new JsonObject { ["clientActivityID"] = Guid.NewGuid().ToString("N") },
    };

    /// <summary>What Web Chat posts when its 👍 is clicked: the event naming the answer's <c>LikeAction</c>.</summary>
    private static JsonObject Vote(JsonObject reply)
    {
        var like = reply["entities"]!.AsArray()
            .Select(e => e!["potentialAction"])
            .OfType<JsonArray>()
            .SelectMany(actions => actions)
            .First(action => (string?)action!["@type"] == "LikeAction")!;
        return new JsonObject
        {
            ["type"] = "event",
            ["name"] = "webchat:activity-status/feedback",
            ["replyToId"] = (string?)reply["id"],
            ["entities"] = new JsonArray(like.DeepClone()),
        };
    }

    private static ProxiedRequest LastPost(RoundRobinProxy proxy, string conversationId) =>
        proxy.Requests.Last(r => r.Method == "POST" && r.Path.Contains(conversationId + "/activities", StringComparison.Ordinal));

    private static bool IsBotMessage(JsonObject activity) =>
        (string?)activity["type"] == "message" && (string?)activity["from"]?["id"] == BotId;

    private static int SequenceOf(string id) => int.Parse(id[(id.LastIndexOf('|') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Other(string instance) => instance == "A" ? "B" : "A";
}
