using System.Text;
using System.Text.RegularExpressions;
using Bot.Knowledge.Model;

namespace Bot.Answers.Composition;

/// <summary>
/// Composes facts into the answer body: each fact's sentences, each carrying the [n] markers of the
/// references the fact rests on, numbered in order of first use across the answer, with the matching
/// <see cref="Citation"/> list. Immutable and thread-safe.
/// </summary>
public sealed partial class AnswerComposer
{
    private readonly IReadOnlyDictionary<string, Reference> _references;

    public AnswerComposer(IReadOnlyDictionary<string, Reference> references)
    {
        _references = references ?? throw new ArgumentNullException(nameof(references));
    }

    /// <summary>The body (facts separated by a blank line) and its numbered citations.</summary>
    public (string Text, IReadOnlyList<Citation> Citations) Compose(IReadOnlyList<Fact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var citations = new List<Citation>();
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var body = new StringBuilder();
        foreach (var fact in facts)
        {
            var markers = new StringBuilder();
            foreach (var refId in fact.ReferenceIds)
            {
                if (!_references.TryGetValue(refId, out var reference))
                {
                    continue; // the knowledge validator rejects this; never cite what cannot be shown
                }

                if (!numbers.TryGetValue(refId, out var n))
                {
                    n = citations.Count + 1;
                    numbers[refId] = n;
                    citations.Add(new Citation(n, reference.Id, reference.Title, reference.Publisher, reference.Year, reference.Url));
                }

                markers.Append('[').Append(n).Append(']');
            }

            if (body.Length > 0)
            {
                body.Append("\n\n");
            }

            var first = true;
            foreach (var sentence in Sentences(fact.Answer))
            {
                if (!first)
                {
                    body.Append(' ');
                }

                body.Append(WithMarker(sentence, markers.ToString()));
                first = false;
            }
        }

        return (body.ToString(), citations);
    }

    /// <summary>Puts the marker before the sentence's closing punctuation: "… the face [1]."</summary>
    public static string WithMarker(string sentence, string marker)
    {
        if (marker.Length == 0)
        {
            return sentence;
        }

        var end = sentence.Length;
        while (end > 0 && sentence[end - 1] is '.' or '!' or '?')
        {
            end--;
        }

        return sentence[..end].TrimEnd() + " " + marker + sentence[end..];
    }

    /// <summary>Splits an answer into sentences (not after common abbreviations such as "e.g.", "Dr.", "vs.").</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var collapsed = Whitespace().Replace(text.Trim(), " ");
        var result = new List<string>();
        var start = 0;
        foreach (Match m in Boundary().Matches(collapsed))
        {
            var candidate = collapsed[start..m.Index];
            if (EndsWithAbbreviation().IsMatch(candidate))
            {
                continue;
            }

            result.Add(candidate.Trim());
            start = m.Index + m.Length;
        }

        var last = collapsed[start..].Trim();
        if (last.Length > 0)
        {
            result.Add(last);
        }

        return result;
    }

    [GeneratedRegex(@"(?<=[.!?][""')\]]?)\s+(?=[A-Z0-9""'(])", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\b(?:e\.g|i\.e|vs|etc|dr|mr|mrs|ms|prof|approx|no|fig|al|st|ca)\.$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndsWithAbbreviation();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
