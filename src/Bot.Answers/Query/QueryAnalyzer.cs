using Bot.Answers.Text;

namespace Bot.Answers.Query;

/// <summary>A unit of meaning in a query: a word stem, or a synonym group covering one or more words.</summary>
/// <param name="Key">The stem, or the group's index token.</param>
/// <param name="Alternatives">For a group: the stems of the words it covers (a fact containing them also matches).</param>
/// <param name="IsConcept">True for a synonym group.</param>
/// <param name="Optional">True for a group found inside a longer phrase of another group ("facial" in "hemi
/// facial spasm"): it counts when a fact matches it and costs nothing when it does not.</param>
public sealed record QueryUnit(string Key, IReadOnlyList<string> Alternatives, bool IsConcept, bool Optional = false);

/// <summary>A word the spelling step changed (<see cref="To"/> is the corrected word's stem).</summary>
public readonly record struct Correction(string From, string To);

/// <summary>The analysed form of a (normalised) message.</summary>
/// <param name="Tokens">The analysed terms (stems after spelling correction, and group tokens), in order.</param>
/// <param name="Units">Units of meaning (stems and synonym groups), stop words dropped.</param>
/// <param name="SearchTerms">What the index is asked for (group tokens and stems).</param>
/// <param name="Corrections">Words the spelling step changed.</param>
/// <param name="Concepts">Synonym groups found.</param>
/// <param name="Form">The kind of question asked (<see cref="QuestionForms"/>), or null.</param>
public sealed record AnalyzedQuery(
    IReadOnlyList<string> Tokens,
    IReadOnlyList<QueryUnit> Units,
    IReadOnlyList<string> SearchTerms,
    IReadOnlyList<Correction> Corrections,
    IReadOnlySet<int> Concepts,
    string? Form = null)
{
    public bool IsEmpty => Units.Count == 0;
}

/// <summary>
/// Query understanding on top of <see cref="KnowledgeAnalyzer"/> (with the index's spelling step): the
/// analyzer's stems and group tokens become units of meaning for re-ranking, and the terms the index is
/// searched for. Immutable and thread-safe.
/// </summary>
public sealed class QueryAnalyzer
{
    public QueryAnalyzer(KnowledgeAnalyzer analyzer)
    {
        Analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
    }

    public KnowledgeAnalyzer Analyzer { get; }

    public SynonymGroups Concepts => Analyzer.Groups;

    /// <summary>Analyses normalised text (see <see cref="TextNormalizer"/>).</summary>
    public AnalyzedQuery Analyze(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var analysed = Analyzer.Analyze(normalizedText);
        var corrections = new List<Correction>();
        var tokens = new List<string>(analysed.Count);
        var units = new List<QueryUnit>();
        var terms = new List<string>();
        var concepts = new HashSet<int>();
        var unitKeys = new HashSet<string>(StringComparer.Ordinal);
        var spans = new List<(int Start, int End)>();
        (int Position, int Span) primary = (-1, 0);
        foreach (var t in analysed)
        {
            tokens.Add(t.Term);
            if (t.Corrected)
            {
                corrections.Add(new Correction(normalizedText[t.Start..t.End], t.Term));
            }

            if (!t.IsGroup)
            {
                continue;
            }

            // The first group token at a position is the phrase's own group; later ones at the same place
            // are groups of words inside the phrase (see SynonymGroups).
            var inner = primary.Position == t.Position && primary.Span == t.Span;
            primary = (t.Position, t.Span);
            var end = t.Position + t.Span;
            spans.Add((t.Position, end));
            concepts.Add(Concepts.GroupOf(t.Term));
            if (unitKeys.Add(t.Term))
            {
                var alternatives = inner
                    ? (IReadOnlyList<string>)[]
                    : analysed.Where(w => !w.IsGroup && w.Position >= t.Position && w.Position < end).Select(w => w.Term).Distinct(StringComparer.Ordinal).ToArray();
                units.Add(new QueryUnit(t.Term, alternatives, IsConcept: true, Optional: inner));
                terms.Add(t.Term);
            }
        }

        foreach (var t in analysed)
        {
            if (t.IsGroup)
            {
                continue;
            }

            terms.Add(t.Term);

            // Numbers ("a 25 year old", "3 years") are searched but do not decide whether a fact answers.
            var covered = spans.Exists(s => t.Position >= s.Start && t.Position < s.End);
            if (!covered && !IsNumber(t.Term) && unitKeys.Add(t.Term))
            {
                units.Add(new QueryUnit(t.Term, [], IsConcept: false));
            }
        }

        return new AnalyzedQuery(tokens, units, terms.Distinct(StringComparer.Ordinal).ToArray(), corrections, concepts,
            QuestionForms.Of(normalizedText));
    }

    private static bool IsNumber(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
