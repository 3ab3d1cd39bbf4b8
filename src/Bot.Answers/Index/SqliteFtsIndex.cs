using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Bot.Answers.Index;

/// <summary>BM25 column weights of <see cref="SqliteFtsIndex"/> (higher: a match in that column counts more).</summary>
public sealed record FtsColumnWeights(
    double Questions = 4.0,
    double Answer = 1.0,
    double Topic = 1.5,
    double QuestionConcepts = 3.0,
    double AnswerConcepts = 0.75)
{
    internal string Bm25Arguments => string.Join(", ",
        new[] { Questions, Answer, Topic, QuestionConcepts, AnswerConcepts }
            .Select(w => w.ToString("0.0###", CultureInfo.InvariantCulture)));
}

/// <summary>
/// The knowledge index on SQLite FTS5: one row per fact, Porter stemming over <c>unicode61</c> (diacritics
/// removed), BM25 ranking with per-column weights. It is built in memory from the facts (milliseconds for
/// a few hundred facts) or loaded from a file the command line wrote (<see cref="Save"/>), and is read-only
/// afterwards. Each concurrent search borrows a private read connection from a pool (an in-memory copy
/// of the index made with SQLite's backup API), so searches never wait on a shared lock.
/// </summary>
public sealed class SqliteFtsIndex : IKnowledgeIndex
{
    /// <summary>Format version written into saved files; bumped whenever the schema changes.</summary>
    public const string FormatVersion = "2";

    // Contentless FTS5 (content=''): the index keeps only what ranking needs (doclists and column sizes),
    // so a search never reads the stored text back; row ids map to fact ids through fact_ids, which is
    // read into memory once.
    private const string Schema = """
        CREATE VIRTUAL TABLE facts USING fts5(
            questions, answer, topic, question_concepts, answer_concepts,
            content = '', tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TABLE fact_ids(id INTEGER PRIMARY KEY, fact_id TEXT NOT NULL UNIQUE);
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """;

    private readonly SqliteConnection _master;
    private readonly Lock _masterLock = new();
    private readonly ConcurrentBag<Reader> _readers = [];
    private readonly string _searchSql;
    private bool _disposed;

    static SqliteFtsIndex() => SQLitePCL.Batteries_V2.Init();

    private readonly string[] _factIds;

    private SqliteFtsIndex(SqliteConnection master, FtsColumnWeights weights, string[] factIds, IReadOnlyDictionary<string, string> metadata)
    {
        _master = master;
        Weights = weights;
        _factIds = factIds;
        Metadata = metadata;
        _searchSql = $"SELECT rowid, bm25(facts, {weights.Bm25Arguments}) AS s FROM facts WHERE facts MATCH $q ORDER BY s, rowid LIMIT $n";
    }

    public FtsColumnWeights Weights { get; }

    public int Count => _factIds.Length;

    /// <summary>Key/value pairs stored with the index (format version, knowledge fingerprint, ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Builds the index in memory.</summary>
    /// <param name="documents">One per fact; fact ids must be unique.</param>
    /// <param name="weights">BM25 column weights (defaults when null).</param>
    /// <param name="metadata">Stored beside the rows (e.g. a fingerprint of the knowledge it was built from).</param>
    public static SqliteFtsIndex Build(IEnumerable<IndexDocument> documents, FtsColumnWeights? weights = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var master = new SqliteConnection("Data Source=:memory:");
        try
        {
            master.Open();
            using (var create = master.CreateCommand())
            {
                create.CommandText = Schema;
                create.ExecuteNonQuery();
            }

            var count = 0;
            var ids = new HashSet<string>(StringComparer.Ordinal);
            using (var tx = master.BeginTransaction())
            {
                using var insert = master.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO facts(rowid, questions, answer, topic, question_concepts, answer_concepts) VALUES ($id, $q, $a, $t, $qc, $ac);"
                    + "INSERT INTO fact_ids VALUES ($id, $fid)";
                var p = new[] { "$id", "$q", "$a", "$t", "$qc", "$ac", "$fid" }.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
                p[0].SqliteType = SqliteType.Integer;
                foreach (var d in documents.OrderBy(d => d.FactId, StringComparer.Ordinal))
                {
                    if (!ids.Add(d.FactId))
                    {
                        throw new ArgumentException($"Duplicate fact id '{d.FactId}' in the index documents.", nameof(documents));
                    }

                    p[0].Value = count + 1;
                    p[6].Value = d.FactId;
                    p[1].Value = d.Questions;
                    p[2].Value = d.Answer;
                    p[3].Value = d.Topic;
                    p[4].Value = d.QuestionConcepts;
                    p[5].Value = d.AnswerConcepts;
                    insert.ExecuteNonQuery();
                    count++;
                }

                var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    ["format"] = FormatVersion,
                };
                using var insertMeta = master.CreateCommand();
                insertMeta.Transaction = tx;
                insertMeta.CommandText = "INSERT INTO meta VALUES ($k, $v)";
                var k = insertMeta.Parameters.Add("$k", SqliteType.Text);
                var v = insertMeta.Parameters.Add("$v", SqliteType.Text);
                foreach (var (key, value) in meta.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    k.Value = key;
                    v.Value = value;
                    insertMeta.ExecuteNonQuery();
                }

                tx.Commit();
                using (var optimize = master.CreateCommand())
                {
                    optimize.CommandText = "INSERT INTO facts(facts) VALUES ('optimize')";
                    optimize.ExecuteNonQuery();
                }

                return new SqliteFtsIndex(master, weights ?? new FtsColumnWeights(), ids.Order(StringComparer.Ordinal).ToArray(), meta);
            }
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>Loads an index file written by <see cref="Save"/> into memory (the file is only read).</summary>
    /// <exception cref="InvalidDataException">The file is not an index of this format.</exception>
    public static SqliteFtsIndex Load(string path, FtsColumnWeights? weights = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Index file '{path}' does not exist.", path);
        }

        var master = new SqliteConnection("Data Source=:memory:");
        try
        {
            master.Open();
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using (var file = new SqliteConnection(builder.ToString()))
            {
                file.Open();
                file.BackupDatabase(master);
            }

            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            var factIds = new List<string>();
            try
            {
                using var read = master.CreateCommand();
                read.CommandText = "SELECT key, value FROM meta";
                using (var r = read.ExecuteReader())
                {
                    while (r.Read())
                    {
                        meta[r.GetString(0)] = r.GetString(1);
                    }
                }

                if (!meta.TryGetValue("format", out var stored) || stored != FormatVersion)
                {
                    throw new InvalidDataException($"'{path}' has index format '{stored ?? "none"}', expected '{FormatVersion}'; rebuild it with the index command.");
                }

                read.CommandText = "SELECT id, fact_id FROM fact_ids ORDER BY id";
                using var ids = read.ExecuteReader();
                while (ids.Read())
                {
                    if (ids.GetInt64(0) != factIds.Count + 1)
                    {
                        throw new InvalidDataException($"'{path}' has gaps in its fact ids; rebuild it with the index command.");
                    }

                    factIds.Add(ids.GetString(1));
                }
            }
            catch (SqliteException e)
            {
                throw new InvalidDataException($"'{path}' is not a knowledge index file: {e.Message}", e);
            }

            return new SqliteFtsIndex(master, weights ?? new FtsColumnWeights(), factIds.ToArray(), meta);
        }
        catch (SqliteException e)
        {
            master.Dispose();
            throw new InvalidDataException($"'{path}' is not a knowledge index file: {e.Message}", e);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>Writes the index to a file (replacing it), for <see cref="Load"/>.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.Delete(temp);
        var builder = new SqliteConnectionStringBuilder { DataSource = temp, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using (var file = new SqliteConnection(builder.ToString()))
        {
            file.Open();
            lock (_masterLock)
            {
                _master.BackupDatabase(file);
            }
        }

        File.Move(temp, full, overwrite: true);
    }

    public IReadOnlyList<SearchHit> Search(IReadOnlyList<string> terms, int limit)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var match = FtsQuery.AnyOf(terms);
        if (match.Length == 0 || limit <= 0)
        {
            return [];
        }

        var reader = Rent();
        try
        {
            return reader.Search(match, limit, _factIds);
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    private Reader Rent()
    {
        if (_readers.TryTake(out var reader))
        {
            return reader;
        }

        var connection = new SqliteConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            lock (_masterLock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _master.BackupDatabase(connection);
            }

            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA query_only = ON";
                pragma.ExecuteNonQuery();
            }

            return new Reader(connection, _searchSql);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_masterLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _master.Dispose();
    }

    /// <summary>One private connection with its prepared statement; used by one thread at a time.</summary>
    private sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _query;
        private readonly SqliteParameter _limit;

        public Reader(SqliteConnection connection, string sql)
        {
            _connection = connection;
            _command = connection.CreateCommand();
            _command.CommandText = sql;
            _query = _command.Parameters.Add("$q", SqliteType.Text);
            _limit = _command.Parameters.Add("$n", SqliteType.Integer);
            _query.Value = "";
            _limit.Value = 1;
            _command.Prepare();
        }

        public List<SearchHit> Search(string match, int limit, string[] factIds)
        {
            _query.Value = match;
            _limit.Value = limit;
            var hits = new List<SearchHit>(limit);
            using var r = _command.ExecuteReader();
            while (r.Read())
            {
                // bm25() is negative, more negative = better; report it as a positive score.
                hits.Add(new SearchHit(factIds[r.GetInt64(0) - 1], -r.GetDouble(1)));
            }

            return hits;
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
