using System.Text;
using Bot.Host.Feedback;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Feedback;

public sealed class FeedbackTests : IDisposable
{
    private readonly BotHost _host = new(settings: new() { ["Feedback:AllowComments"] = "true" });

    private Dictionary<string, object?> Vote(string rating, string? comment)
    {
        var submit = Activities.Message("", id: "vote-1");
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

    public void Dispose() => _host.Dispose();
}
