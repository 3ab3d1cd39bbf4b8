using System.Collections.Frozen;
using System.Globalization;
using Bot.Answers.Text;
using Bot.Knowledge.Model;

namespace Bot.Answers.Query;

/// <summary>One occurrence of a synonym group in a token sequence.</summary>
/// <param name="Start">Index of the first token covered.</param>
/// <param name="Length">Number of tokens covered.</param>
/// <param name="Concept">Index of the group in <see cref="ConceptMatcher.Canonicals"/>.</param>
public readonly record struct ConceptMatch(int Start, int Length, int Concept);

/// <summary>
/// Finds the synonym groups of <c>knowledge/synonyms.yaml</c> in stemmed token sequences. Every term of a
/// group (and its canonical name) is a phrase of one or more words; a phrase matches when its stems occur
/// in order. Overlapping matches are all reported ("eyelid twitch" is eye, spasm and myokymia), so a
/// question in lay words reaches facts written in clinical words. Immutable and thread-safe.
/// </summary>
public sealed class ConceptMatcher
{
    private const string TokenPrefix = "xsyn";
    private readonly FrozenDictionary<string, (string[] Stems, int Concept)[]> _byFirstStem;
    private readonly string[] _tokens;

    public ConceptMatcher(IEnumerable<SynonymGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var canonicals = new List<string>();
        var phrases = new Dictionary<string, List<(string[] Stems, int Concept)>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var concept = canonicals.Count;
            canonicals.Add(group.Canonical);
            foreach (var phrase in group.Terms.Prepend(group.Canonical))
            {
                var stems = StemPhrase(phrase);
                if (stems.Length == 0 || !seen.Add(concept.ToString(CultureInfo.InvariantCulture) + ":" + string.Join(' ', stems)))
                {
                    continue;
                }

                if (!phrases.TryGetValue(stems[0], out var list))
                {
                    phrases[stems[0]] = list = [];
                }

                list.Add((stems, concept));
            }
        }

        // Longer phrases first, then by concept order: deterministic output.
        _byFirstStem = phrases.ToFrozenDictionary(
            kv => kv.Key,
            kv => kv.Value.OrderByDescending(p => p.Stems.Length).ThenBy(p => p.Concept).ToArray(),
            StringComparer.Ordinal);
        Canonicals = canonicals;
        _tokens = canonicals.Select((_, i) => TokenPrefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        Words = phrases.Values.SelectMany(l => l).SelectMany(p => p.Stems).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Canonical name of each group, in file order.</summary>
    public IReadOnlyList<string> Canonicals { get; }

    /// <summary>Every stem that occurs in some synonym phrase.</summary>
    public FrozenSet<string> Words { get; }

    /// <summary>The index token that stands for a group (a letters+digits word no English text contains).</summary>
    public string TokenOf(int concept) => _tokens[concept];

    /// <summary>The group index of a canonical name, or -1.</summary>
    public int IndexOf(string canonical)
    {
        for (var i = 0; i < Canonicals.Count; i++)
        {
            if (string.Equals(Canonicals[i], canonical, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public List<ConceptMatch> Match(IReadOnlyList<string> stems)
    {
        ArgumentNullException.ThrowIfNull(stems);
        var matches = new List<ConceptMatch>();
        for (var i = 0; i < stems.Count; i++)
        {
            if (!_byFirstStem.TryGetValue(stems[i], out var candidates))
            {
                continue;
            }

            foreach (var (phrase, concept) in candidates)
            {
                if (i + phrase.Length > stems.Count)
                {
                    continue;
                }

                var ok = true;
                for (var k = 1; k < phrase.Length; k++)
                {
                    if (!string.Equals(stems[i + k], phrase[k], StringComparison.Ordinal))
                    {
                        ok = false;
                        break;
                    }
                }

                if (ok && !matches.Exists(m => m.Concept == concept && m.Start <= i && i + phrase.Length <= m.Start + m.Length))
                {
                    matches.Add(new ConceptMatch(i, phrase.Length, concept));
                }
            }
        }

        return matches;
    }

    /// <summary>Normalises, tokenises and stems a phrase the way messages and facts are.</summary>
    public static string[] StemPhrase(string phrase)
    {
        var normal = TextNormalizer.Normalize(phrase, TextNormalizer.HardLimit).Text;
        return Tokenizer.Tokenize(normal).Where(t => t != "s").Select(PorterStemmer.Stem).ToArray();
    }
}
