using Bot.Host.Feedback;
using Microsoft.Data.Sqlite;

namespace Bot.Host.Reliability;

/// <summary>
/// Wraps the feedback store: a failed write is retried (3 attempts, 50 then 200 ms apart) and, when it
/// still fails, logged as an error (kind and source only, never the comment) and reported to the turn as
/// <see cref="FeedbackNotRecordedException"/>, so the bot says sorry instead of thanking for feedback that
/// was not kept. The process and other turns are never affected. A write that returned was committed by
/// SQLite (WAL journal), so it survives a crash of the process.
/// </summary>
public sealed class ResilientFeedbackStore(IFeedbackStore inner, ILogger<ResilientFeedbackStore> logger, TimeProvider time) : IFeedbackStore
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)];

    public IFeedbackStore Inner => inner;

    public async Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await inner.AddAsync(entry, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (IsStoreFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt > Backoff.Length)
                {
                    logger.LogError(ex, "Feedback ({Rating}, {Source}) could not be stored after {Attempts} attempts.", entry.Rating, entry.Source, attempt);
                    throw new FeedbackNotRecordedException("The feedback could not be stored.", ex);
                }

                logger.LogWarning("Storing feedback failed on attempt {Attempt} ({Error}); retrying.", attempt, ex.GetType().Name);
                await Task.Delay(Backoff[attempt - 1], time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<IReadOnlyList<FeedbackEntry>> RecentAsync(int count, CancellationToken cancellationToken) => inner.RecentAsync(count, cancellationToken);

    private static bool IsStoreFailure(Exception ex) =>
        ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException
            || (ex is System.Data.Common.DbException);
}

/// <summary>Feedback could not be stored even after retries; the turn tells the user instead of thanking them.</summary>
public sealed class FeedbackNotRecordedException : Exception
{
    public FeedbackNotRecordedException()
    {
    }

    public FeedbackNotRecordedException(string message)
        : base(message)
    {
    }

    public FeedbackNotRecordedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
