using Npgsql;
using NpgsqlTypes;
using Microsoft.Extensions.Options;

namespace Bot.Host.Feedback;

/// <summary>
/// Feedback in PostgreSQL (used when <c>ConnectionStrings:Feedback</c> is set), so every instance writes to one
/// table. The same rows, caps and retention as <see cref="SqliteFeedbackStore"/>: never the question or the answer
/// text, only fact ids, answer kind, channel, rated message id, source and the user's own comment when
/// <see cref="FeedbackOptions.AllowComments"/> is on. The schema is created or migrated at start
/// (<see cref="PostgresFeedbackSchema"/>); each insert deletes the rows beyond <see cref="FeedbackOptions.MaxRows"/>.
/// </summary>
public sealed class PostgresFeedbackStore : IFeedbackStore, IFeedbackRetention, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresFeedbackSchema _schema;
    private readonly FeedbackOptions _options;

    public PostgresFeedbackStore(IConfiguration configuration, IOptions<FeedbackOptions> options, ILogger<PostgresFeedbackSchema> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException("ConnectionStrings:Feedback is not set.");
        try
        {
            _dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("ConnectionStrings:Feedback is not a valid PostgreSQL connection string: " + ex.Message, ex);
        }

        _options = options.Value;
        _schema = new PostgresFeedbackSchema(_dataSource, logger);
    }

    public const string ConnectionStringName = "Feedback";

    /// <summary>The schema migrator (run at start by <see cref="PostgresFeedbackSchema.Startup"/>).</summary>
    public PostgresFeedbackSchema Schema => _schema;

    /// <summary>The pool (for the readiness check).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    public async Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var comment = !_options.AllowComments || string.IsNullOrWhiteSpace(entry.Comment) ? null : entry.Comment.Trim();
        if (comment is not null && comment.Length > _options.MaxCommentLength)
        {
            comment = comment[.._options.MaxCommentLength];
        }

        await using var command = _dataSource.CreateCommand("""
            WITH added AS (
                INSERT INTO feedback (at, rating, fact_ids, answer_kind, comment, channel_id, message_id, source)
                VALUES (@at, @rating, @facts, @kind, @comment, @channel, @message, @source)
                RETURNING id)
            DELETE FROM feedback WHERE id <= (SELECT id FROM added) - @max
            """);
        command.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, entry.At.UtcDateTime);
        command.Parameters.AddWithValue("rating", NpgsqlDbType.Smallint, (short)entry.Rating);
        command.Parameters.AddWithValue("facts", NpgsqlDbType.Array | NpgsqlDbType.Text, entry.FactIds.ToArray());
        command.Parameters.AddWithValue("kind", NpgsqlDbType.Text, (object?)entry.AnswerKind ?? DBNull.Value);
        command.Parameters.AddWithValue("comment", NpgsqlDbType.Text, (object?)comment ?? DBNull.Value);
        command.Parameters.AddWithValue("channel", NpgsqlDbType.Text, entry.ChannelId);
        command.Parameters.AddWithValue("message", NpgsqlDbType.Text, (object?)entry.MessageId ?? DBNull.Value);
        command.Parameters.AddWithValue("source", NpgsqlDbType.Text, entry.Source);
        command.Parameters.AddWithValue("max", NpgsqlDbType.Bigint, (long)_options.MaxRows);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var old = _dataSource.CreateCommand("DELETE FROM feedback WHERE at < @cutoff");
        old.Parameters.AddWithValue("cutoff", NpgsqlDbType.TimestampTz, olderThan.UtcDateTime);
        var deleted = await old.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var over = _dataSource.CreateCommand("DELETE FROM feedback WHERE id <= (SELECT max(id) FROM feedback) - @max");
        over.Parameters.AddWithValue("max", NpgsqlDbType.Bigint, (long)_options.MaxRows);
        return deleted + await over.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows held now.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM feedback");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<FeedbackEntry>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("SELECT at, rating, fact_ids, answer_kind, comment, channel_id, message_id, source FROM feedback ORDER BY id DESC LIMIT @n");
        command.Parameters.AddWithValue("n", NpgsqlDbType.Integer, count);
        var result = new List<FeedbackEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new FeedbackEntry(
                (FeedbackRating)reader.GetInt16(1),
                reader.GetFieldValue<string[]>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc))));
        }

        return result;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
