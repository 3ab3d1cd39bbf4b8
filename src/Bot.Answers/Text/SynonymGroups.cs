using System.Collections.Frozen;
using System.Globalization;
using Bot.Knowledge.Model;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Util;

namespace Bot.Answers.Text;

/// <summary>
/// The synonym groups of <c>knowledge/synonyms.yaml</c> as Lucene sees them. Every term of a group (and its
/// canonical name) is a phrase; where one occurs, <see cref="KnowledgeAnalyzer"/>'s synonym filter adds
/// the group's token (<c>xsyn</c> + number, a word no English text contains) at that position, spanning the
/// phrase, so a question in lay words and a fact in clinical words share a term. A phrase that contains
/// phrases of other groups ("eyelid twitch": myokymia, but also eye and spasm) adds their tokens after
/// its own, so the first group token at a position is the phrase's own group and the rest are "inner".
/// Immutable and thread-safe.
/// </summary>
public sealed class SynonymGroups
{
    private const string TokenPrefix = "xsyn";
    private readonly string[] _tokens;
    private readonly FrozenDictionary<string, int> _byToken;

    public SynonymGroups(IEnumerable<SynonymGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var list = groups.ToArray();
        Canonicals = list.Select(g => g.Canonical).ToArray();
        _tokens = list.Select((_, i) => TokenPrefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        _byToken = _tokens.Select((t, i) => (t, i)).ToFrozenDictionary(x => x.t, x => x.i, StringComparer.Ordinal);

        // Each phrase as the analyzer's first steps see it (tokenised, lower case, folded, possessives dropped).
        var phrases = new List<(string[] Words, int Group)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < list.Length; g++)
        {
            foreach (var phrase in list[g].Terms.Prepend(list[g].Canonical))
            {
                var words = KnowledgeAnalyzer.SurfaceWords(phrase);
                if (words.Length > 0 && seen.Add(string.Join(' ', words)))
                {
                    phrases.Add((words, g));
                }
            }
        }

        var builder = new SynonymMap.Builder(dedup: true);
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (words, group) in phrases)
        {
            vocabulary.UnionWith(words);
            var input = SynonymMap.Builder.Join(words, new CharsRef());
            builder.Add(input, new CharsRef(_tokens[group]), includeOrig: true);
            if (words.Length < 2)
            {
                continue;
            }

            foreach (var inner in phrases
                .Where(p => p.Group != group && p.Words.Length < words.Length && Contains(words, p.Words))
                .Select(p => p.Group)
                .Distinct()
                .Order())
            {
                builder.Add(input, new CharsRef(_tokens[inner]), includeOrig: true);
            }
        }

        Map = builder.Build();
        Words = vocabulary.ToFrozenSet(StringComparer.Ordinal);
        Tokens = _tokens.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Canonical name of each group, in file order.</summary>
    public IReadOnlyList<string> Canonicals { get; }

    /// <summary>Every word of every phrase (part of the spelling vocabulary).</summary>
    public FrozenSet<string> Words { get; }

    /// <summary>Every group token.</summary>
    public FrozenSet<string> Tokens { get; }

    internal SynonymMap Map { get; }

    /// <summary>The index token that stands for a group.</summary>
    public string TokenOf(int group) => _tokens[group];

    /// <summary>The group a token stands for, or -1 when it is not a group token.</summary>
    public int GroupOf(string token) => _byToken.TryGetValue(token, out var g) ? g : -1;

    /// <summary>The group index of a canonical name (case-insensitive), or -1.</summary>
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

    private static bool Contains(string[] words, string[] part)
    {
        for (var i = 0; i + part.Length <= words.Length; i++)
        {
            var ok = true;
            for (var k = 0; k < part.Length && ok; k++)
            {
                ok = string.Equals(words[i + k], part[k], StringComparison.Ordinal);
            }

            if (ok)
            {
                return true;
            }
        }

        return false;
    }
}
