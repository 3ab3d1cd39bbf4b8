using Bot.Host.Feedback;
using Bot.Host.Reliability;
using Npgsql;

namespace Bot.Host.Health;

/// <summary>
/// Readiness of the PostgreSQL feedback database (only when <c>ConnectionStrings:Feedback</c> is set): it answers
/// <c>SELECT 1</c> within 2 s and the schema is migrated. Probed at most every 5 s; <c>/readyz</c> shows the last result.
/// </summary>
internal sealed class FeedbackDatabaseReadiness(PostgresFeedbackStore store, TimeProvider time) : IReadinessCheck
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);
    private readonly object _gate = new();
    private DateTimeOffset _probed = DateTimeOffset.MinValue;
    private string? _problem;

    public string? Problem()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _probed >= ProbeInterval)
            {
                _problem = Probe();
                _probed = now;
            }

            return _problem;
        }
    }

    private string? Probe()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            store.Schema.EnsureAsync(timeout.Token).GetAwaiter().GetResult();
            using var command = store.DataSource.CreateCommand("SELECT 1");
            command.CommandTimeout = 2;
            command.ExecuteScalar();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            return "feedback database (PostgreSQL) unavailable: " + ex.GetType().Name;
        }
    }
}
