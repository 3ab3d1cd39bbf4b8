using Bot.Answers.Text;

namespace Bot.Answers.Index;

/// <summary>What the index stores for one fact (each text is analysed by <see cref="KnowledgeAnalyzer"/>).</summary>
/// <param name="FactId">The fact's id.</param>
/// <param name="Questions">The question phrasings, one a line.</param>
/// <param name="Answer">The answer (its claims).</param>
/// <param name="Topic">The topic, in words.</param>
public sealed record IndexDocument(string FactId, string Questions, string Answer, string Topic);

/// <summary>One ranked result: higher <see cref="Score"/> is better (engine-specific scale).</summary>
public readonly record struct SearchHit(string FactId, double Score);

/// <summary>
/// Full-text search over the facts. The index receives analysed terms (stems and synonym-group tokens of
/// <see cref="KnowledgeAnalyzer"/>) and treats each as a literal term: no user text is ever interpreted as
/// query syntax. It also offers the spelling step over its own words. Implementations are thread-safe and
/// expose no engine types.
/// </summary>
public interface IKnowledgeIndex : IDisposable
{
    /// <summary>Number of facts indexed.</summary>
    int Count { get; }

    /// <summary>Corrects misspelt words to words of the indexed facts and synonyms.</summary>
    ISpeller Speller { get; }

    /// <summary>Facts matching any of <paramref name="terms"/>, best first, at most <paramref name="limit"/>; ties in fact-id order.</summary>
    IReadOnlyList<SearchHit> Search(IReadOnlyList<string> terms, int limit);
}
