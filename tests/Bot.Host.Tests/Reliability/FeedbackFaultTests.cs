using System.Collections.Concurrent;
using System.Net;
using Bot.Host.Bot;
using Bot.Host.Feedback;
using Bot.Host.Reliability;
using Bot.Host.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Reliability;

/// <summary>A failing feedback store is retried, then logged; it never takes the turn or the host down.</summary>
public sealed class FeedbackFaultTests : IDisposable
{
    private readonly BotHost _host = new();
    private readonly CapturedLogs _logs = new();

    private static Dictionary<string, object?> FeedbackSubmit(string conversationId, string id = "fb-1")
    {
        var activity = Activities.Message("", conversationId: conversationId, id: id);
        activity.Remove("text");
        activity["value"] = new Dictionary<string, object?> { ["action"] = "feedback", ["rating"] = "up", ["factIds"] = new[] { "hfs-what" }, ["kind"] = "Fact" };
        return activity;
    }

    [Fact]
    public void The_registered_feedback_store_is_the_resilient_wrapper_around_SQLite()
    {
        var store = _host.Services.GetRequiredService<IFeedbackStore>();

        var resilient = Assert.IsType<ResilientFeedbackStore>(store);
        Assert.IsType<SqliteFeedbackStore>(resilient.Inner);
    }

    [Fact]
    public async Task A_write_that_fails_twice_is_retried_and_the_user_is_thanked()
    {
        var flaky = new FlakyStore(failures: 2);
        using var factory = _host.With(s => Use(s, flaky), _logs);

        var response = await factory.PostActivityAsync(FeedbackSubmit("c1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, flaky.Attempts);
        Assert.Single(flaky.Stored);
        Assert.Equal(HemifacialSpasmBot.FeedbackThanks, Assert.Single(_host.Network.SentActivities).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_store_that_keeps_failing_is_logged_the_user_is_not_thanked_and_the_next_turn_is_served()
    {
        var broken = new FlakyStore(failures: int.MaxValue);
        using var factory = _host.With(s => Use(s, broken), _logs);

        var response = await factory.PostActivityAsync(FeedbackSubmit("c1"));
        var next = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "c2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, broken.Attempts);
        var replies = _host.Network.SentActivities;
        Assert.DoesNotContain(replies, r => r.TryGetProperty("text", out var t) && t.GetString() == HemifacialSpasmBot.FeedbackThanks);
        Assert.Contains(replies, r => r.TryGetProperty("text", out var t) && t.GetString()!.Contains("went wrong", StringComparison.Ordinal));
        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Error && r.Text.Contains("could not be stored", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_failed_write_logs_neither_the_comment_nor_the_message_text()
    {
        var broken = new FlakyStore(failures: int.MaxValue);
        using var factory = _host.With(s => Use(s, broken), _logs);
        var submit = FeedbackSubmit("c1");
        ((Dictionary<string, object?>)submit["value"]!)["feedbackComment"] = "my private comment 4711";

        await factory.PostActivityAsync(submit);

        Assert.DoesNotContain("4711", _logs.AllText, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    private static void Use(IServiceCollection services, IFeedbackStore inner)
    {
        services.RemoveAll<IFeedbackStore>();
        services.AddSingleton<IFeedbackStore>(sp => new ResilientFeedbackStore(inner, sp.GetRequiredService<ILogger<ResilientFeedbackStore>>(), TimeProvider.System));
    }

    /// <summary>Fails the first <c>failures</c> writes like a locked or unwritable database, then stores.</summary>
    private sealed class FlakyStore(int failures) : IFeedbackStore
    {
        private int _attempts;

        public int Attempts => _attempts;

        public ConcurrentQueue<FeedbackEntry> Stored { get; } = new();

        public Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                throw new SqliteException("database is locked", 5);
            }

            Stored.Enqueue(entry);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<FeedbackEntry>> RecentAsync(int count, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<FeedbackEntry>>(Stored.Reverse().Take(count).ToList());
    }
}
