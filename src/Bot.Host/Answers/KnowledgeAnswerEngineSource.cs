namespace Bot.Host.Answers;

/// <summary>
/// Loads the knowledge and builds the answer engine in the background at start-up. When loading fails
/// the failure is logged as critical, <c>/readyz</c> reports it, and the host stops: a bot without its
/// knowledge must not pretend to be running.
/// </summary>
public sealed class KnowledgeAnswerEngineSource(
    Func<CancellationToken, LoadedKnowledge> load,
    IHostApplicationLifetime lifetime,
    ILogger<KnowledgeAnswerEngineSource> logger) : BackgroundService, IAnswerEngineSource
{
    private readonly TaskCompletionSource<LoadedKnowledge> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _loaded.Task.IsCompletedSuccessfully;

    public string? Failure { get; private set; }

    public Task<LoadedKnowledge> GetAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    public override void Dispose()
    {
        if (_loaded.Task.IsCompletedSuccessfully && _loaded.Task.Result.Engine is IDisposable engine)
        {
            engine.Dispose();
        }

        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var knowledge = await Task.Run(() => load(stoppingToken), stoppingToken).ConfigureAwait(false);
            _loaded.TrySetResult(knowledge);
            logger.LogInformation("Knowledge loaded in {Elapsed} ms; the bot is ready.", (int)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _loaded.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            Failure = ex.Message;
            _loaded.TrySetException(ex);
            logger.LogCritical(ex, "The knowledge could not be loaded; stopping.");
            Environment.ExitCode = 1; // a failed start must look failed to a supervisor (systemd, Kubernetes)
            lifetime.StopApplication();
        }
    }
}
