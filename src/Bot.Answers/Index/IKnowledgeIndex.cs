namespace Bot.Answers.Index;

/// <summary>What the index stores for one fact. The concept fields hold the synonym-group tokens found in
/// the questions and in the answer, so lay and clinical words meet in the index.</summary>
public sealed record IndexDocument(
    string FactId,
    string Questions,
    string Answer,
    string Topic,
    string QuestionConcepts,
    string AnswerConcepts);

/// <summary>One ranked result: higher <see cref="Score"/> is better (engine-specific scale).</summary>
public readonly record struct SearchHit(string FactId, double Score);

/// <summary>
/// Full-text search over the facts. The engine receives plain words (already normalised, corrected and
/// expanded by the query analysis) and must treat each as a literal term: no user text is ever interpreted
/// as query syntax. Implementations are thread-safe. Another engine (Lucene.Net, OpenSearch) is one new class.
/// </summary>
public interface IKnowledgeIndex : IDisposable
{
    /// <summary>Number of facts indexed.</summary>
    int Count { get; }

    /// <summary>Facts matching any of <paramref name="terms"/>, best first, at most <paramref name="limit"/>; ties in fact-id order.</summary>
    IReadOnlyList<SearchHit> Search(IReadOnlyList<string> terms, int limit);
}
