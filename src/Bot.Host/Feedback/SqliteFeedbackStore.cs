using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Bot.Host.Feedback;

/// <summary>
/// Feedback in an embedded SQLite file (one table, created on first use). Each write opens its own
/// connection, so the store is safe across threads; SQLite serialises the writes. Each insert deletes
/// the rows beyond <see cref="FeedbackOptions.MaxRows"/> (oldest first); <see cref="PruneAsync"/> deletes
/// rows past the retention. Entries arrive through <see cref="FeedbackGuard"/>; the store cuts the
/// comment again so no caller can store more than the settings allow.
/// </summary>
public sealed class SqliteFeedbackStore : IFeedbackStore, IFeedbackRetention
{
    private readonly string _connectionString;
    private readonly int _maxComment;
    private readonly bool _allowComments;
    private readonly int _maxRows;
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    public SqliteFeedbackStore(IOptions<FeedbackOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var path = options.Value.DatabasePath;
        if (!Path.IsPathRooted(path))
        {
            path = Path.Combine(environment.ContentRootPath, path);
        }

        DatabasePath = Path.GetFullPath(path);
        _maxComment = options.Value.MaxCommentLength;
        _allowComments = options.Value.AllowComments;
        _maxRows = options.Value.MaxRows;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
    }

    public string DatabasePath { get; }

    public async Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO feedback (at, rating, fact_ids, answer_kind, comment, channel_id, message_id, source)
            VALUES ($at, $rating, $facts, $kind, $comment, $channel, $message, $source);
            DELETE FROM feedback WHERE id <= last_insert_rowid() - $max;
            """;
        var comment = !_allowComments || string.IsNullOrWhiteSpace(entry.Comment) ? null : entry.Comment.Trim();
        if (comment is not null && comment.Length > _maxComment)
        {
            comment = comment[.._maxComment];
        }

        command.Parameters.AddWithValue("$at", entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$rating", (int)entry.Rating);
        command.Parameters.AddWithValue("$facts", JsonSerializer.Serialize(entry.FactIds));
        command.Parameters.AddWithValue("$kind", (object?)entry.AnswerKind ?? DBNull.Value);
        command.Parameters.AddWithValue("$comment", (object?)comment ?? DBNull.Value);
        command.Parameters.AddWithValue("$channel", entry.ChannelId);
        command.Parameters.AddWithValue("$message", (object?)entry.MessageId ?? DBNull.Value);
        command.Parameters.AddWithValue("$source", entry.Source);
        command.Parameters.AddWithValue("$max", _maxRows);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM feedback WHERE at < $cutoff;
            DELETE FROM feedback WHERE id <= (SELECT max(id) FROM feedback) - $max;
            """;
        command.Parameters.AddWithValue("$cutoff", olderThan.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$max", _maxRows);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows held now.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM feedback";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<FeedbackEntry>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, rating, fact_ids, answer_kind, comment, channel_id, message_id, source FROM feedback ORDER BY id DESC LIMIT $n";
        command.Parameters.AddWithValue("$n", count);
        var result = new List<FeedbackEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new FeedbackEntry(
                (FeedbackRating)reader.GetInt32(1),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(2)) ?? [],
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        }

        return result;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await _init.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_initialized)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
                }
            }
            finally
            {
                _init.Release();
            }
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!_initialized)
        {
            await using var create = connection.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS feedback (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
                    fact_ids TEXT NOT NULL,
                    answer_kind TEXT,
                    comment TEXT,
                    channel_id TEXT NOT NULL,
                    message_id TEXT,
                    source TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS feedback_at ON feedback (at);
                """;
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }

        return connection;
    }
}
