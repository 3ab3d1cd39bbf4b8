using System.Net;
using Bot.Host.Bot;
using Bot.Host.Feedback;
using Bot.Host.RateLimiting;
using Bot.Host.Reliability;
using Bot.Host.State;
using Bot.Host.Tests.Support;
using Bot.Protocol.Connector;
using Bot.Protocol.Hosting;
using Bot.Tests.Services;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bot.Host.Tests.State;

/// <summary>
/// Two real hosts sharing one real Redis and one real PostgreSQL, as two instances behind a load balancer:
/// conversation state, rate limits and feedback hold across both.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class SharedStateTests(PostgresServer postgres, RedisServer redis)
{
    private Dictionary<string, string?> Settings(string prefix, string? feedback = null, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["State:RedisKeyPrefix"] = prefix,
            ["DirectLine:RedisKeyPrefix"] = prefix + "dl:",
            ["DirectLine:TokenSigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Feedback:AllowComments"] = "true",
        };
        if (feedback is not null)
        {
            settings["ConnectionStrings:Feedback"] = feedback;
        }

        foreach (var (k, v) in more ?? [])
        {
            settings[k] = v;
        }

        return settings;
    }

    [Fact]
    public async Task Without_connection_strings_every_store_stays_in_the_process_and_sqlite()
    {
        using var host = new BotHost();
        await host.PostActivityAsync(Activities.Message("hello"));

        Assert.IsType<ConversationMemory>(host.Services.GetRequiredService<IConversationState>());
        Assert.IsType<SqliteFeedbackStore>(((ResilientFeedbackStore)host.Services.GetRequiredService<IFeedbackStore>()).Inner);
        Assert.IsNotType<RedisTokenBuckets>(host.Services.GetRequiredService<RateLimitBuckets>().Limiter);
    }

    [Fact]
    public async Task The_disclaimer_shown_on_one_instance_is_not_repeated_on_the_other()
    {
        var settings = Settings(RedisServer.UniquePrefix());
        using var a = new BotHost(settings: settings);
        using var b = new BotHost(settings: settings);

        (await a.PostActivityAsync(Activities.Message("what is it", id: "m1"))).EnsureSuccessStatusCode();
        (await b.PostActivityAsync(Activities.Message("what causes it", id: "m2"))).EnsureSuccessStatusCode();

        Assert.IsType<RedisConversationState>(b.Services.GetRequiredService<IConversationState>());
        Assert.True(Assert.Single(a.Engine.Questions).IsFirstInConversation);
        var second = Assert.Single(b.Engine.Questions);
        Assert.False(second.IsFirstInConversation);
    }

    [Fact]
    public async Task Topic_and_sent_answers_written_by_one_instance_are_read_by_another_and_forgetting_clears_them()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new StateOptions { RedisKeyPrefix = RedisServer.UniquePrefix() });
        using var first = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var second = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var a = new RedisConversationState(first, options);
        var b = new RedisConversationState(second, options);
        var longId = new string('x', 5000);

        Assert.Equal(new ConversationSnapshot(true, null), await b.ReadAsync("webchat", longId, default));
        await a.RecordAnswerAsync("webchat", longId, answered: true, "treatment", "msg-1", new SentAnswer(["hfs-treat"], "Fact"), default);

        Assert.Equal(new ConversationSnapshot(false, "treatment"), await b.ReadAsync("webchat", longId, default));
        Assert.Equal(["hfs-treat"], (await b.FindAnswerAsync("webchat", longId, "msg-1", default))!.FactIds);
        Assert.Null(await b.FindAnswerAsync("webchat", longId, "msg-2", default));

        await b.ForgetAsync("webchat", longId, default);
        Assert.Equal(new ConversationSnapshot(true, null), await a.ReadAsync("webchat", longId, default));
    }

    [Fact]
    public async Task A_service_url_learnt_by_one_instance_is_trusted_by_the_others_and_an_unknown_one_is_not()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new StateOptions { RedisKeyPrefix = RedisServer.UniquePrefix() });
        var protocol = Microsoft.Extensions.Options.Options.Create(new BotFrameworkOptions { MicrosoftAppId = "app", MicrosoftAppPassword = "secret" });
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisAuthenticatedServiceUrls>.Instance;
        using var first = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var second = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var third = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var a = new RedisAuthenticatedServiceUrls(first, options, logger);
        var b = new RedisAuthenticatedServiceUrls(second, options, logger);
        await a.StartAsync(default);
        await b.StartAsync(default);
        var trustOnB = new ServiceUrlTrust(protocol, new TrustedServiceUrls(), b);
        var learnt = new Uri("https://smba.trafficmanager.net/emea/");
        Assert.Equal(OutboundCredential.Untrusted, trustOnB.Decide(learnt));

        new ServiceUrlTrust(protocol, new TrustedServiceUrls(), a).MarkAuthenticated(learnt);

        // B hears of it by pub/sub; an instance started later loads it from the set.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (trustOnB.Decide(learnt) != OutboundCredential.BotToken && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(OutboundCredential.BotToken, trustOnB.Decide(learnt));
        var c = new RedisAuthenticatedServiceUrls(third, options, logger);
        await c.StartAsync(default);
        Assert.True(c.Contains(ServiceUrlTrust.Normalize(learnt)));
        Assert.Equal(OutboundCredential.Untrusted, trustOnB.Decide(new Uri("https://attacker.example/")));
    }

    [Fact]
    public void With_redis_the_host_shares_learnt_service_urls_and_without_it_keeps_them_in_the_process()
    {
        using var shared = new BotHost(settings: Settings(RedisServer.UniquePrefix()));
        using var alone = new BotHost();

        Assert.IsType<RedisAuthenticatedServiceUrls>(shared.Services.GetRequiredService<IAuthenticatedServiceUrls>());
        Assert.IsType<AuthenticatedServiceUrls>(alone.Services.GetRequiredService<IAuthenticatedServiceUrls>());
    }

    [Fact]
    public async Task The_per_conversation_rate_limit_holds_across_both_instances()
    {
        var settings = Settings(RedisServer.UniquePrefix(), more: new() { ["RateLimiting:PerConversation:Burst"] = "3", ["RateLimiting:PerConversation:PerSecond"] = "0.01" });
        using var a = new BotHost(settings: settings);
        using var b = new BotHost(settings: settings);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await (i % 2 == 0 ? a : b).PostActivityAsync(Activities.Message("what is it", id: "m" + i))).StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s is HttpStatusCode.OK or HttpStatusCode.Accepted));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task The_per_address_limit_on_new_direct_line_conversations_holds_across_both_instances()
    {
        var settings = Settings(RedisServer.UniquePrefix(), more: new() { ["RateLimiting:ConversationsPerClient:Burst"] = "2", ["RateLimiting:ConversationsPerClient:PerSecond"] = "0.01" });
        using var a = new BotHost(settings: settings);
        using var b = new BotHost(settings: settings);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await (i % 2 == 0 ? a : b).CreateClient().PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
        }

        // The limit counts requests before the endpoint answers (here 401: the page token is missing), across both instances.
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses[..2]);
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[2..]);
    }

    [Fact]
    public async Task Feedback_from_both_instances_is_in_postgresql_without_the_question_text()
    {
        const string Question = "my secret question about my left eyelid";
        var database = await postgres.CreateDatabaseAsync();
        var settings = Settings(RedisServer.UniquePrefix(), database);
        using var a = new BotHost(settings: settings);
        using var b = new BotHost(settings: settings);

        await a.PostActivityAsync(Activities.Message(Question, id: "q-1"));
        await a.PostActivityAsync(Vote("up", "clear answer", "vote-a"));
        await b.PostActivityAsync(Vote("down", null, "vote-b"));

        var store = Assert.IsType<PostgresFeedbackStore>(((ResilientFeedbackStore)b.Services.GetRequiredService<IFeedbackStore>()).Inner);
        var rows = await store.RecentAsync(10, default);
        Assert.Equal([FeedbackRating.Down, FeedbackRating.Up], rows.Select(r => r.Rating));
        Assert.Equal(["hfs-what"], rows[1].FactIds);
        Assert.Equal("clear answer", rows[1].Comment);
        Assert.Equal("emulator", rows[0].ChannelId);

        await using var source = NpgsqlDataSource.Create(database);
        await using var dump = source.CreateCommand("SELECT string_agg(f::text, ' ') FROM feedback f");
        var everything = (string?)await dump.ExecuteScalarAsync() ?? "";
        Assert.Contains("hfs-what", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("secret question", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schema_is_created_once_and_recorded_and_a_second_instance_starting_finds_it()
    {
        var database = await postgres.CreateDatabaseAsync();
        var settings = Settings(RedisServer.UniquePrefix(), database);
        using (var first = new BotHost(settings: settings))
        {
            first.CreateClient();
        }

        using var second = new BotHost(settings: settings);
        second.CreateClient();

        await using var source = NpgsqlDataSource.Create(database);
        await using var version = source.CreateCommand("SELECT version FROM feedback_schema");
        Assert.Equal(PostgresFeedbackSchema.Migrations.Length, (int)(await version.ExecuteScalarAsync())!);
        await using var columns = source.CreateCommand("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'feedback'");
        Assert.Equal("id,at,rating,fact_ids,answer_kind,comment,channel_id,message_id,source", (string)(await columns.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Postgresql_keeps_at_most_the_row_cap_and_prunes_rows_past_the_retention()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var host = new BotHost(settings: Settings(RedisServer.UniquePrefix(), database, new() { ["Feedback:MaxRows"] = "3" }));
        var store = Assert.IsType<PostgresFeedbackStore>(((ResilientFeedbackStore)host.Services.GetRequiredService<IFeedbackStore>()).Inner);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await store.AddAsync(new FeedbackEntry(FeedbackRating.Up, ["hfs-what"], "Fact", null, "webchat", "m" + i, FeedbackSources.Card, now.AddDays(-i)), default);
        }

        Assert.Equal(3, await store.CountAsync(default));
        Assert.Equal(["m4", "m3", "m2"], (await store.RecentAsync(10, default)).Select(r => r.MessageId));

        var deleted = await store.PruneAsync(now.AddDays(-3.5), default);

        Assert.Equal(1, deleted);
        Assert.Equal(["m3", "m2"], (await store.RecentAsync(10, default)).Select(r => r.MessageId));
    }

    [Fact]
    public async Task Readiness_reports_redis_and_postgresql_when_they_cannot_be_reached()
    {
        var closed = RedisServer.FreePort();
        using var host = new BotHost(settings: new()
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{closed},abortConnect=false,connectTimeout=500",
            ["ConnectionStrings:Feedback"] = $"Host=127.0.0.1;Port={closed};Username=postgres;Timeout=1",
            ["DirectLine:TokenSigningKey"] = Convert.ToBase64String(new byte[32]),
        });

        var response = await host.CreateClient().GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Redis unavailable", body, StringComparison.Ordinal);
        Assert.Contains("feedback database (PostgreSQL) unavailable", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_is_ok_with_both_services_up()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var host = new BotHost(settings: Settings(RedisServer.UniquePrefix(), database));
        var client = host.CreateClient();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage response;
        do
        {
            response = await client.GetAsync("/readyz");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Dictionary<string, object?> Vote(string rating, string? comment, string id)
    {
        var submit = Activities.Message("", id: id);
        submit.Remove("text");
        submit["replyToId"] = "reply-1";
        var value = new Dictionary<string, object?> { ["action"] = "feedback", ["rating"] = rating, ["factIds"] = new[] { "hfs-what" }, ["kind"] = "Fact" };
        if (comment is not null)
        {
            value["feedbackComment"] = comment;
        }

        submit["value"] = value;
        return submit;
    }
}
