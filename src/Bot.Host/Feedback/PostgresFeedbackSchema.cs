using Npgsql;

namespace Bot.Host.Feedback;

/// <summary>
/// The feedback schema in PostgreSQL, versioned: each migration runs once, in order, inside a transaction holding
/// an advisory lock, so instances starting together never race; <c>feedback_schema</c> records the version reached.
/// Run at start; if PostgreSQL is down then, the first use tries again (and readiness reports it meanwhile).
/// </summary>
public sealed partial class PostgresFeedbackSchema(NpgsqlDataSource dataSource, ILogger<PostgresFeedbackSchema> logger)
{
    /// <summary>An arbitrary constant naming this schema's advisory lock.</summary>
    private const long LockId = 0x4846_5346_6462; // "HFSFdb"

    /// <summary>The migrations, in order; never edit one that shipped, add the next.</summary>
    internal static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS feedback (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at TIMESTAMPTZ NOT NULL,
            rating SMALLINT NOT NULL CHECK (rating IN (-1, 1)),
            fact_ids TEXT[] NOT NULL,
            answer_kind TEXT,
            comment TEXT,
            channel_id TEXT NOT NULL,
            message_id TEXT,
            source TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS feedback_at ON feedback (at);
        """,
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>The version the database is at after <see cref="EnsureAsync"/>.</summary>
    public int Version => Migrations.Length;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_done)
            {
                return;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Execute(connection, "SELECT pg_advisory_xact_lock(" + LockId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")", cancellationToken).ConfigureAwait(false);
            await Execute(connection, "CREATE TABLE IF NOT EXISTS feedback_schema (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
            await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM feedback_schema", connection);
            var current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            for (var version = current + 1; version <= Migrations.Length; version++)
            {
                await Execute(connection, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
                await Execute(connection, "DELETE FROM feedback_schema; INSERT INTO feedback_schema (version) VALUES (" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")", cancellationToken).ConfigureAwait(false);
                LogMigrated(logger, version);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _done = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback database migrated to schema version {Version}.")]
    private static partial void LogMigrated(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feedback database: the schema could not be created or migrated at start; the first write will try again.")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);

    /// <summary>Runs the migrations when the host starts.</summary>
    internal sealed class Startup(PostgresFeedbackStore store, ILogger<PostgresFeedbackSchema> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await store.Schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogStartFailed(logger, ex);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
