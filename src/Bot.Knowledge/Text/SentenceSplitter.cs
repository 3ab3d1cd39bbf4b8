using System.Text.RegularExpressions;

namespace Bot.Knowledge.Text;

/// <summary>
/// Splits published text into sentences: after ".", "!" or "?" (and a closing quote or bracket) followed by
/// a space and a capital, digit, quote or bracket, but not after common abbreviations ("e.g.", "Dr.", "vs.",
/// "No." before a number). The validator uses it to keep one sentence per claim, the composer to mark sentences.
/// </summary>
public static partial class SentenceSplitter
{
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var collapsed = Whitespace().Replace(text.Trim(), " ");
        var result = new List<string>();
        var start = 0;
        foreach (Match m in Boundary().Matches(collapsed))
        {
            var candidate = collapsed[start..m.Index];
            var next = m.Index + m.Length < collapsed.Length ? collapsed[m.Index + m.Length] : ' ';
            if (EndsWithAbbreviation().IsMatch(candidate) || (EndsWithNumberSign().IsMatch(candidate) && char.IsAsciiDigit(next)))
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

    [GeneratedRegex(@"\b(?:e\.g|i\.e|vs|etc|dr|mr|mrs|ms|prof|approx|fig|al|st|ca)\.$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndsWithAbbreviation();

    [GeneratedRegex(@"\bno\.$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndsWithNumberSign();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
