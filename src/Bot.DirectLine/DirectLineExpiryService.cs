using Bot.DirectLine.State;

namespace Bot.DirectLine;

/// <summary>Forgets idle conversations and expired tokens once a minute, so memory stays bounded over time.</summary>
internal sealed partial class DirectLineExpiryService : BackgroundService
{
    private readonly IDirectLineStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectLineExpiryService> _logger;

    public DirectLineExpiryService(IDirectLineStore store, TimeProvider time, ILogger<DirectLineExpiryService> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var removed = await _store.RemoveExpiredAsync(stoppingToken).ConfigureAwait(false);
                var open = await _store.CountOpenAsync(stoppingToken).ConfigureAwait(false);
                DirectLineMetrics.SetOpen(open);
                if (removed > 0)
                {
                    LogExpired(_logger, removed, open);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Direct Line: {Removed} idle conversations expired; {Open} open.")]
    private static partial void LogExpired(ILogger logger, int removed, long open);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line: removing expired conversations failed; retrying in a minute.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
