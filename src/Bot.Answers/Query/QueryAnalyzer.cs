using System.Collections.Frozen;
using Bot.Answers.Text;
using Bot.Knowledge.Model;

namespace Bot.Answers.Query;

/// <summary>A unit of meaning in a query: a word stem, or a synonym group covering one or more words.</summary>
/// <param name="Key">The stem, or the group's index token.</param>
/// <param name="Alternatives">For a group: the stems of the words it covers (a fact containing them also matches).</param>
/// <param name="IsConcept">True for a synonym group.</param>
/// <param name="Optional">True for a group found inside a longer phrase of another group ("facial" in "hemi
/// facial spasm"): it counts when a fact matches it and costs nothing when it does not.</param>
public sealed record QueryUnit(string Key, IReadOnlyList<string> Alternatives, bool IsConcept, bool Optional = false);

/// <summary>A word the query analysis changed.</summary>
public readonly record struct Correction(string From, string To);

/// <summary>The analysed form of a (normalised) message.</summary>
/// <param name="Tokens">The words, after typo correction.</param>
/// <param name="Units">Units of meaning (stems and synonym groups), stop words dropped.</param>
/// <param name="SearchTerms">What the index is asked for (group tokens and content words).</param>
/// <param name="Corrections">Words the typo correction changed.</param>
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
/// Query understanding: tokens, typo correction against the index vocabulary, synonym groups, stop words.
/// Built once from the knowledge; immutable and thread-safe.
/// </summary>
public sealed class QueryAnalyzer
{
    /// <summary>An unknown, uncorrectable word repeated this often in one message is treated as filler.</summary>
    public const int FillerRepeats = 3;

    private readonly FrozenSet<string> _knownStems;

    public QueryAnalyzer(ConceptMatcher concepts, TypoCorrector typos, IEnumerable<string> knownStems)
    {
        Concepts = concepts ?? throw new ArgumentNullException(nameof(concepts));
        Typos = typos ?? throw new ArgumentNullException(nameof(typos));
        ArgumentNullException.ThrowIfNull(knownStems);
        _knownStems = knownStems.ToFrozenSet(StringComparer.Ordinal);
    }

    public ConceptMatcher Concepts { get; }

    public TypoCorrector Typos { get; }

    /// <summary>Builds the analyser from the knowledge: the vocabulary is every word of the facts and synonyms.</summary>
    public static QueryAnalyzer Create(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var concepts = new ConceptMatcher(knowledge.Synonyms);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fact in knowledge.Facts)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in fact.Questions.Append(fact.Answer).Append(fact.Topic))
            {
                words.UnionWith(Words(text));
            }

            foreach (var w in words)
            {
                vocabulary[w] = vocabulary.GetValueOrDefault(w) + 1;
                stems.Add(PorterStemmer.Stem(w));
            }
        }

        foreach (var group in knowledge.Synonyms)
        {
            foreach (var w in group.Terms.Append(group.Canonical).SelectMany(AllWords))
            {
                vocabulary.TryAdd(w, 0);
                stems.Add(PorterStemmer.Stem(w));
            }
        }

        return new QueryAnalyzer(concepts, new TypoCorrector(vocabulary), stems);
    }

    private static IEnumerable<string> AllWords(string text) =>
        Tokenizer.Tokenize(TextNormalizer.Normalize(text, TextNormalizer.HardLimit).Text).Where(t => t.Length > 1);

    /// <summary>Content words of a text (stop words and one-letter fragments dropped).</summary>
    private static IEnumerable<string> Words(string text) =>
        Tokenizer.Tokenize(TextNormalizer.Normalize(text, TextNormalizer.HardLimit).Text)
            .Where(t => t.Length > 1 && !StopWords.Contains(t));

    /// <summary>Analyses normalised text (see <see cref="TextNormalizer"/>).</summary>
    public AnalyzedQuery Analyze(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var raw = Tokenizer.Tokenize(normalizedText);
        raw.RemoveAll(t => t == "s");
        JoinSplitWords(raw);
        var corrections = new List<Correction>();
        var tokens = new List<string>(raw.Count);
        var stems = new List<string>(raw.Count);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in raw)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        foreach (var token in raw)
        {
            var word = token;
            var stem = PorterStemmer.Stem(word);
            if (!StopWords.Contains(word) && !_knownStems.Contains(stem) && !IsNumber(word))
            {
                var fixedWord = Typos.Correct(word);
                if (fixedWord is not null)
                {
                    corrections.Add(new Correction(word, fixedWord));
                    word = fixedWord;
                    stem = PorterStemmer.Stem(word);
                }
                else if (counts[token] >= FillerRepeats)
                {
                    // A word the knowledge never uses, repeated over and over ("blah blah blah", pasted
                    // padding): filler, not part of the question.
                    continue;
                }
            }

            tokens.Add(word);
            stems.Add(stem);
        }

        var matches = Concepts.Match(stems);
        var covered = new bool[tokens.Count];
        var units = new List<QueryUnit>();
        var terms = new List<string>();
        var concepts = new HashSet<int>();
        var unitKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in matches)
        {
            var alternatives = new List<string>();
            for (var i = m.Start; i < m.Start + m.Length; i++)
            {
                covered[i] = true;
                if (!StopWords.Contains(tokens[i]))
                {
                    alternatives.Add(stems[i]);
                }
            }

            var key = Concepts.TokenOf(m.Concept);
            concepts.Add(m.Concept);
            var inner = matches.Exists(o => o.Concept != m.Concept && o.Length > m.Length && o.Start <= m.Start && m.Start + m.Length <= o.Start + o.Length);
            if (unitKeys.Add(key))
            {
                units.Add(new QueryUnit(key, alternatives, IsConcept: true, Optional: inner));
                terms.Add(key);
            }
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Length < 2 || StopWords.Contains(t))
            {
                continue;
            }

            terms.Add(t);

            // Numbers ("a 25 year old", "3 years") are searched but do not decide whether a fact answers.
            if (!covered[i] && !IsNumber(t) && unitKeys.Add(stems[i]))
            {
                units.Add(new QueryUnit(stems[i], [], IsConcept: false));
            }
        }

        return new AnalyzedQuery(tokens, units, terms.Distinct(StringComparer.Ordinal).ToArray(), corrections, concepts,
            QuestionForms.Of(normalizedText));
    }

    /// <summary>"hemi facial" -> "hemifacial", "eye lid" -> "eyelid": two neighbours that together form a word
    /// the facts use, or a known word when one of them is unknown alone.</summary>
    private void JoinSplitWords(List<string> tokens)
    {
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var (a, b) = (tokens[i], tokens[i + 1]);
            if (StopWords.Contains(a) || StopWords.Contains(b))
            {
                continue;
            }

            var joined = a + b;
            if (Typos.Frequency(joined) > 0 || (Typos.IsKnown(joined) && (!IsKnownWord(a) || !IsKnownWord(b))))
            {
                tokens[i] = joined;
                tokens.RemoveAt(i + 1);
            }
        }
    }

    private bool IsKnownWord(string word) => Typos.IsKnown(word) || _knownStems.Contains(PorterStemmer.Stem(word));

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
