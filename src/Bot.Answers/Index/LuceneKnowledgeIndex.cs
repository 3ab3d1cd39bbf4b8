using Bot.Answers.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Bot.Answers.Index;

/// <summary>
/// The knowledge index on Lucene.Net: one document per fact with fields for its question phrasings, its
/// answer, its topic and its words as written (the spelling vocabulary), all analysed by the one
/// <see cref="KnowledgeAnalyzer"/>; BM25 ranking with <see cref="FieldBoosts"/>. It is built in memory from
/// the facts (milliseconds for a few hundred) or loaded from a directory the command line wrote
/// (<see cref="Save"/>), and is read-only afterwards; one searcher serves every thread.
/// </summary>
public sealed class LuceneKnowledgeIndex : IKnowledgeIndex
{
    /// <summary>Format version written with saved indexes; bumped whenever fields or analysis change.</summary>
    public const string FormatVersion = "lucene-1";

    private const string IdField = "id";
    private const string QuestionsField = "questions";
    private const string AnswerField = "answer";
    private const string TopicField = "topic";
    private static readonly string[] TextFields = [QuestionsField, AnswerField, TopicField];

    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly string?[] _factIds;
    private readonly SynonymGroups _groups;
    private bool _disposed;

    private LuceneKnowledgeIndex(RAMDirectory directory, SynonymGroups groups, FieldBoosts boosts)
    {
        _directory = directory;
        _groups = groups;
        Boosts = boosts;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _factIds = new string?[_reader.MaxDoc];
        var count = 0;
        for (var doc = 0; doc < _reader.MaxDoc; doc++)
        {
            var id = _reader.Document(doc).Get(IdField);
            _factIds[doc] = string.IsNullOrEmpty(id) ? null : id;
            count += _factIds[doc] is null ? 0 : 1;
        }

        Count = count;
        Metadata = new Dictionary<string, string>(_reader.IndexCommit.UserData, StringComparer.Ordinal);
        Speller = new IndexSpeller(_reader, TextFields);
    }

    public FieldBoosts Boosts { get; }

    public int Count { get; }

    public ISpeller Speller { get; }

    /// <summary>Key/value pairs stored with the index (format version, knowledge fingerprint, ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Builds the index in memory.</summary>
    /// <param name="documents">One per fact; fact ids must be unique.</param>
    /// <param name="analyzer">The analysis chain (without a speller: every indexed word is known).</param>
    /// <param name="boosts">Query-time boosts (defaults when null).</param>
    /// <param name="metadata">Stored with the index (e.g. a fingerprint of the knowledge it was built from).</param>
    public static LuceneKnowledgeIndex Build(IEnumerable<IndexDocument> documents, KnowledgeAnalyzer analyzer,
        FieldBoosts? boosts = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(analyzer);
        var directory = new RAMDirectory();
        try
        {
            var config = new IndexWriterConfig(KnowledgeAnalyzer.Version, analyzer)
            {
                Similarity = new BM25Similarity(),
                OpenMode = OpenMode.CREATE,
            };
            using (var writer = new IndexWriter(directory, config))
            {
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var d in documents.OrderBy(d => d.FactId, StringComparer.Ordinal))
                {
                    if (string.IsNullOrEmpty(d.FactId) || !ids.Add(d.FactId))
                    {
                        throw new ArgumentException($"Missing or duplicate fact id '{d.FactId}' in the index documents.", nameof(documents));
                    }

                    writer.AddDocument(new Document
                    {
                        new StringField(IdField, d.FactId, Field.Store.YES),
                        new TextField(QuestionsField, d.Questions, Field.Store.NO),
                        new TextField(AnswerField, d.Answer, Field.Store.NO),
                        new TextField(TopicField, d.Topic, Field.Store.NO),
                        new TextField(KnowledgeAnalyzer.WordsField, d.Questions + "\n" + d.Answer + "\n" + d.Topic, Field.Store.NO),
                    });
                }

                // The synonym groups' words join the spelling vocabulary in a document of their own (no fact id).
                writer.AddDocument(new Document
                {
                    new StringField(IdField, "", Field.Store.YES),
                    new TextField(KnowledgeAnalyzer.WordsField, string.Join(' ', analyzer.Groups.Words.Order(StringComparer.Ordinal)), Field.Store.NO),
                });
                var data = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
                {
                    data[k] = v;
                }

                data["format"] = FormatVersion;
                writer.SetCommitData(data);
                writer.ForceMerge(1);
                writer.Commit();
            }

            return new LuceneKnowledgeIndex(directory, analyzer.Groups, boosts ?? new FieldBoosts());
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Loads an index directory written by <see cref="Save"/> into memory (the directory is only read).</summary>
    /// <exception cref="FileNotFoundException">There is no such directory.</exception>
    /// <exception cref="InvalidDataException">The directory holds no index of this format.</exception>
    public static LuceneKnowledgeIndex Load(string path, SynonymGroups groups, FieldBoosts? boosts = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(groups);
        if (File.Exists(path))
        {
            throw new InvalidDataException($"'{path}' is a file, not a knowledge index directory; build one with the index command.");
        }

        if (!System.IO.Directory.Exists(path))
        {
            throw new FileNotFoundException($"Index directory '{path}' does not exist.", path);
        }

        RAMDirectory? memory = null;
        try
        {
            using (var fs = FSDirectory.Open(path))
            {
                if (!DirectoryReader.IndexExists(fs))
                {
                    throw new InvalidDataException($"'{path}' is not a knowledge index (no index in it); build one with the index command.");
                }

                memory = new RAMDirectory(fs, IOContext.DEFAULT);
            }

            var index = new LuceneKnowledgeIndex(memory, groups, boosts ?? new FieldBoosts());
            if (!index.Metadata.TryGetValue("format", out var stored) || stored != FormatVersion)
            {
                index.Dispose();
                throw new InvalidDataException($"'{path}' has index format '{stored ?? "none"}', expected '{FormatVersion}'; rebuild it with the index command.");
            }

            return index;
        }
        catch (Exception e) when (e is IOException and not FileNotFoundException || e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException)
        {
            memory?.Dispose();
            throw new InvalidDataException($"'{path}' is not a readable knowledge index: {e.Message}", e);
        }
        catch (InvalidDataException)
        {
            memory?.Dispose();
            throw;
        }
    }

    /// <summary>Writes the index into a directory (replacing an index there), for <see cref="Load"/>.</summary>
    /// <exception cref="IOException">The path is a file, or a directory that holds something other than an index.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new IOException($"'{full}' is a file; the index is written into a directory.");
        }

        if (System.IO.Directory.Exists(full) && System.IO.Directory.EnumerateFileSystemEntries(full).Any())
        {
            using var existing = FSDirectory.Open(full);
            if (!DirectoryReader.IndexExists(existing))
            {
                throw new IOException($"'{full}' is a directory that holds something other than an index; not replacing it.");
            }
        }

        var temp = full.TrimEnd(Path.DirectorySeparatorChar) + ".tmp";
        if (System.IO.Directory.Exists(temp))
        {
            System.IO.Directory.Delete(temp, recursive: true);
        }

        System.IO.Directory.CreateDirectory(temp);
        using (var target = FSDirectory.Open(temp))
        {
            foreach (var file in _directory.ListAll())
            {
                _directory.Copy(target, file, file, IOContext.DEFAULT);
            }
        }

        if (System.IO.Directory.Exists(full))
        {
            System.IO.Directory.Delete(full, recursive: true);
        }

        System.IO.Directory.Move(temp, full);
    }

    public IReadOnlyList<SearchHit> Search(IReadOnlyList<string> terms, int limit)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (limit <= 0)
        {
            return [];
        }

        var query = new BooleanQuery(disableCoord: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (string.IsNullOrWhiteSpace(term) || !seen.Add(term) || query.Clauses.Count + TextFields.Length > BooleanQuery.MaxClauseCount)
            {
                continue;
            }

            var group = _groups.GroupOf(term) >= 0;
            Add(query, QuestionsField, term, group ? Boosts.QuestionGroups : Boosts.Questions);
            Add(query, AnswerField, term, group ? Boosts.AnswerGroups : Boosts.Answer);
            Add(query, TopicField, term, Boosts.Topic);
        }

        if (query.Clauses.Count == 0)
        {
            return [];
        }

        var top = _searcher.Search(query, Math.Min(limit, Math.Max(1, _reader.MaxDoc)));
        var hits = new List<SearchHit>(top.ScoreDocs.Length);
        foreach (var sd in top.ScoreDocs)
        {
            if (_factIds[sd.Doc] is { } id)
            {
                hits.Add(new SearchHit(id, sd.Score));
            }
        }

        return hits;
    }

    private static void Add(BooleanQuery query, string field, string term, double boost)
    {
        if (boost > 0)
        {
            query.Add(new TermQuery(new Term(field, term)) { Boost = (float)boost }, Occur.SHOULD);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _reader.Dispose();
        _directory.Dispose();
    }
}
