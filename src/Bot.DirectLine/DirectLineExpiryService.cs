namespace Bot.DirectLine;

/// <summary>Forgets idle conversations and expired tokens once a minute, so memory stays bounded over time.</summary>
internal sealed partial class DirectLineExpiryService : BackgroundService
{
    private readonly DirectLineStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectLineExpiryService> _logger;

    public DirectLineExpiryService(DirectLineStore store, TimeProvider time, ILogger<DirectLineExpiryService> logger)
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
            var removed = _store.RemoveExpired();
            if (removed > 0)
            {
                LogExpired(_logger, removed, _store.ConversationCount);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Direct Line: {Removed} idle conversations expired; {Open} open.")]
    private static partial void LogExpired(ILogger logger, int removed, int open);
}
