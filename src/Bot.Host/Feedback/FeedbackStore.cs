using Bot.Host.RateLimiting;

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

/// <summary>
/// Feedback settings (configuration section <c>Feedback</c>, validated at start). Every stored field is capped,
/// fact ids must name facts of the loaded knowledge, feedback is rate-limited per conversation, rows older than
/// <see cref="RetentionDays"/> are deleted at start and every <see cref="PruneInterval"/>, and the table never
/// holds more than <see cref="MaxRows"/> rows (the oldest go first). Free-text comments are discarded unless
/// <see cref="AllowComments"/> is set, because people write health details into them.
/// </summary>
public sealed class FeedbackOptions
{
    /// <summary>The SQLite file; relative paths are under the content root. Default <c>data/feedback.db</c>.</summary>
    public string DatabasePath { get; set; } = Path.Combine("data", "feedback.db");

    /// <summary>Keep the user's free-text comment (off by default: a comment sent while off is discarded, never stored).</summary>
    public bool AllowComments { get; set; }

    /// <summary>Longest comment kept (characters) when comments are allowed; longer comments are cut.</summary>
    public int MaxCommentLength { get; set; } = 500;

    /// <summary>Rows older than this many days are deleted.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>Most rows kept; each insert beyond it deletes the oldest.</summary>
    public int MaxRows { get; set; } = 100_000;

    /// <summary>How often old rows are deleted (also once at start).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most fact ids kept per rating (an answer cites a handful).</summary>
    public int MaxFactIds { get; set; } = 10;

    /// <summary>Feedback per conversation: a small burst, then one every 10 s; more is not stored.</summary>
    public BucketOptions PerConversation { get; set; } = new() { Burst = 10, PerSecond = 0.1 };
}

/// <summary>Caps of the stored fields (not settings: they follow the shapes of the ids the channels send).</summary>
public static class FeedbackLimits
{
    public const int MaxFactIdLength = 100;
    public const int MaxAnswerKindLength = 32;
    public const int MaxMessageIdLength = 128;
    public const int MaxChannelIdLength = 64;
}
