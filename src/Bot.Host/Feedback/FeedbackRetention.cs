using Microsoft.Extensions.Options;

namespace Bot.Host.Feedback;

/// <summary>A feedback store that can delete old rows.</summary>
public interface IFeedbackRetention
{
    /// <summary>Deletes rows recorded before <paramref name="olderThan"/> and any beyond the row cap; returns how many went.</summary>
    Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}

/// <summary>Applies <see cref="FeedbackOptions.RetentionDays"/> at start and every <see cref="FeedbackOptions.PruneInterval"/>.</summary>
public sealed class FeedbackRetentionService(
    IFeedbackRetention store,
    IOptions<FeedbackOptions> options,
    TimeProvider time,
    ILogger<FeedbackRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var timer = new PeriodicTimer(o.PruneInterval, time);
        do
        {
            try
            {
                var deleted = await store.PruneAsync(time.GetUtcNow().AddDays(-o.RetentionDays), stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} feedback rows past the retention of {Days} days or the cap of {MaxRows} rows.", deleted, o.RetentionDays, o.MaxRows);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Deleting old feedback failed; retrying in {Interval}.", o.PruneInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
