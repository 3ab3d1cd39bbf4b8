using System.Text;
using Bot.Host.Feedback;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Feedback;

public sealed class FeedbackTests : IDisposable
{
    private readonly BotHost _host = new(settings: new() { ["Feedback:AllowComments"] = "true" });

    private static Dictionary<string, object?> Vote(string rating, string? comment, object? factIds = null, string kind = "Fact", string replyToId = "reply-1", string? conversation = null)
    {
        var submit = Activities.Message("", id: "vote-1");
        submit.Remove("text");
        submit["replyToId"] = replyToId;
        if (conversation is not null)
        {
            submit["conversation"] = new Dictionary<string, object?> { ["id"] = conversation };
        }

        var value = new Dictionary<string, object?> { ["action"] = "feedback", ["rating"] = rating, ["factIds"] = factIds ?? new[] { "hfs-what" }, ["kind"] = kind };
        if (comment is not null)
        {
            value["feedbackComment"] = comment;
        }

        submit["value"] = value;
        return submit;
    }

    [Fact]
    public async Task A_card_vote_is_stored_with_its_fact_ids_and_comment_and_thanked()
    {
        await _host.PostActivityAsync(Vote("up", "clear answer"));

        var stored = Assert.Single(await _host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
        Assert.Equal(FeedbackRating.Up, stored.Rating);
        Assert.Equal(["hfs-what"], stored.FactIds);
        Assert.Equal("clear answer", stored.Comment);
        Assert.Equal("Fact", stored.AnswerKind);
        Assert.Equal("emulator", stored.ChannelId);
        Assert.Equal(FeedbackSources.Card, stored.Source);
        Assert.Equal("Thank you for your feedback.", Assert.Single(_host.Network.SentActivities).GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_feedback_database_never_holds_the_users_question()
    {
        const string Question = "my secret question about my left eyelid";
        await _host.PostActivityAsync(Activities.Message(Question, id: "q-1"));
        await _host.PostActivityAsync(Vote("down", null));

        var store = (SqliteFeedbackStore)((global::Bot.Host.Reliability.ResilientFeedbackStore)_host.Services.GetRequiredService<IFeedbackStore>()).Inner;
        Assert.Single(await store.RecentAsync(10, default));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(store.DatabasePath);
        var wal = File.Exists(store.DatabasePath + "-wal") ? await File.ReadAllBytesAsync(store.DatabasePath + "-wal") : [];
        Assert.DoesNotContain("secret question", Encoding.UTF8.GetString(bytes) + Encoding.UTF8.GetString(wal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_comments_are_cut_to_the_configured_length()
    {
        await _host.PostActivityAsync(Vote("down", new string('a', 2000)));

        var stored = Assert.Single(await _host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
        Assert.Equal(500, stored.Comment!.Length);
    }

    [Fact]
    public async Task A_vote_with_an_unknown_rating_is_not_stored()
    {
        await _host.PostActivityAsync(Vote("meh", null));

        Assert.Empty(await _host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
    }

    [Fact]
    public async Task Comments_are_discarded_unless_AllowComments_is_set()
    {
        using var host = new BotHost();
        await host.PostActivityAsync(Vote("down", "my left eye twitches since my stroke"));

        var stored = Assert.Single(await host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
        Assert.Null(stored.Comment);
        var store = SqliteStore(host);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var wal = File.Exists(store.DatabasePath + "-wal") ? await File.ReadAllBytesAsync(store.DatabasePath + "-wal") : [];
        Assert.DoesNotContain("left eye", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(store.DatabasePath)) + Encoding.UTF8.GetString(wal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_460_KB_vote_is_stored_as_a_small_row_with_only_known_fact_ids()
    {
        // Security review F7: 20 fact ids of any length plus a huge kind and replyToId once wrote a 460 KB row.
        var huge = new string('x', 20_000);
        var factIds = Enumerable.Range(0, 16).Select(i => huge + i).Append("hfs-cause").Append("hfs-unknown").Append("hfs-cause").Append("../../etc").ToArray();
        await _host.PostActivityAsync(Vote("down", huge, factIds, kind: huge, replyToId: huge));

        var stored = Assert.Single(await _host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(10, default));
        Assert.Equal(["hfs-cause"], stored.FactIds);
        Assert.Null(stored.AnswerKind);
        Assert.Equal(FeedbackLimits.MaxMessageIdLength, stored.MessageId!.Length);
        Assert.Equal(500, stored.Comment!.Length);
        var rowChars = string.Join("", stored.FactIds).Length + stored.MessageId.Length + stored.Comment.Length + stored.ChannelId.Length;
        Assert.True(rowChars < 1_000, $"row holds {rowChars} characters");
    }

    [Fact]
    public async Task Feedback_is_rate_limited_per_conversation()
    {
        for (var i = 0; i < 30; i++)
        {
            await _host.PostActivityAsync(Vote("up", null, conversation: "flood"));
        }

        var stored = await _host.Services.GetRequiredService<IFeedbackStore>().RecentAsync(100, default);
        Assert.Equal(10, stored.Count);
    }

    [Fact]
    public async Task The_table_never_holds_more_than_MaxRows()
    {
        using var host = new BotHost(settings: new() { ["Feedback:MaxRows"] = "5" });
        var store = host.Services.GetRequiredService<IFeedbackStore>();
        for (var i = 0; i < 40; i++)
        {
            await store.AddAsync(new FeedbackEntry(FeedbackRating.Up, ["hfs-what"], "Fact", null, "emulator", "m" + i, FeedbackSources.Card, DateTimeOffset.UtcNow), default);
        }

        var kept = await store.RecentAsync(100, default);
        Assert.Equal(5, kept.Count);
        Assert.Equal("m39", kept[0].MessageId);
        Assert.Equal(5, await SqliteStore(host).CountAsync(default));
    }

    [Fact]
    public async Task Rows_past_the_retention_are_deleted()
    {
        using var host = new BotHost(settings: new() { ["Feedback:RetentionDays"] = "90" });
        var sqlite = SqliteStore(host);
        var now = DateTimeOffset.UtcNow;
        await sqlite.AddAsync(new FeedbackEntry(FeedbackRating.Up, [], null, null, "emulator", "old", FeedbackSources.Card, now.AddDays(-91)), default);
        await sqlite.AddAsync(new FeedbackEntry(FeedbackRating.Up, [], null, null, "emulator", "new", FeedbackSources.Card, now.AddDays(-1)), default);

        var deleted = await sqlite.PruneAsync(now.AddDays(-90), default);

        Assert.Equal(1, deleted);
        Assert.Equal("new", Assert.Single(await sqlite.RecentAsync(10, default)).MessageId);
    }

    [Theory]
    [InlineData("Feedback:RetentionDays", "0")]
    [InlineData("Feedback:MaxRows", "0")]
    [InlineData("Feedback:MaxFactIds", "0")]
    public void Bad_feedback_settings_stop_the_host_at_start(string key, string value)
    {
        using var host = new BotHost(settings: new() { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => host.Services);
        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    private static SqliteFeedbackStore SqliteStore(BotHost host) =>
        (SqliteFeedbackStore)((global::Bot.Host.Reliability.ResilientFeedbackStore)host.Services.GetRequiredService<IFeedbackStore>()).Inner;

    public void Dispose() => _host.Dispose();
}
