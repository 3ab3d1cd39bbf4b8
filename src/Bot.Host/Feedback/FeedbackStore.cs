namespace Bot.Host.Feedback;

/// <summary>Thumbs up or down on one bot answer.</summary>
public enum FeedbackRating
{
    Down = -1,
    Up = 1,
}

/// <summary>Where a piece of feedback came from.</summary>
public static class FeedbackSources
{
    /// <summary>The feedback buttons on our Adaptive Card (<c>Action.Submit</c>).</summary>
    public const string Card = "card";

    /// <summary>Teams' feedback loop (<c>message/submitAction</c> invoke).</summary>
    public const string TeamsFeedbackLoop = "feedbackLoop";

    /// <summary>A reaction on the answer (<c>messageReaction</c>: like/dislike, upvote/downvote).</summary>
    public const string Reaction = "reaction";
}

/// <summary>
/// One rating as stored: never the user's question or the answer text, only what identifies the answer
/// (fact ids, answer kind, the rated message id) plus the user's own optional comment.
/// </summary>
public sealed record FeedbackEntry(
    FeedbackRating Rating,
    IReadOnlyList<string> FactIds,
    string? AnswerKind,
    string? Comment,
    string ChannelId,
    string? MessageId,
    string Source,
    DateTimeOffset At);

/// <summary>Persists answer feedback. SQLite by default (<see cref="SqliteFeedbackStore"/>); another store is one new class.</summary>
public interface IFeedbackStore
{
    Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken);

    /// <summary>The most recent entries, newest first (for reports and tests).</summary>
    Task<IReadOnlyList<FeedbackEntry>> RecentAsync(int count, CancellationToken cancellationToken);
}

/// <summary>Feedback settings (configuration section <c>Feedback</c>).</summary>
public sealed class FeedbackOptions
{
    /// <summary>The SQLite file; relative paths are under the content root. Default <c>data/feedback.db</c>.</summary>
    public string DatabasePath { get; set; } = Path.Combine("data", "feedback.db");

    /// <summary>Longest comment kept (characters); longer comments are cut.</summary>
    public int MaxCommentLength { get; set; } = 500;
}
