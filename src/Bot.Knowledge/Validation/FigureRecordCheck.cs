using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;

namespace Bot.Knowledge.Validation;

/// <summary>
/// Authoring check that every figure of an answer is traceable to a reference that states it. Whether a
/// paper states a figure cannot be read by a program, so the reviewer records what was read in the
/// reference's <c>note</c> ("Abstract read: 158 patients; mean age at onset 48.5 years ..."), and this check
/// compares: each figure in a claim (a count, a percentage, a rate, an age, a year) must appear in the
/// note, the title or the year of at least one reference the claim cites. A figure may be rounded from the
/// recorded one ("45%" from "44.86%", "1.7" from "1.72"). A figure that no cited reference records is a
/// warning: either the claim credits a figure to a reference that does not contain it, or the reviewer
/// has not yet recorded where it was read (knowledge/README.md, "Figures").
/// </summary>
internal static partial class FigureRecordCheck
{
    public static void Run(LoadContext c, IReadOnlyList<ClaimEntry> claims, IReadOnlyDictionary<string, Reference> references)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(references);
        foreach (var entry in claims)
        {
            var cited = entry.Claim.ReferenceIds.Where(references.ContainsKey).Select(id => references[id]).ToArray();
            if (cited.Length == 0)
            {
                continue;
            }

            var recorded = cited.SelectMany(RecordedFigures).ToArray();
            var missing = Figures(entry.Claim.Text).Where(f => !recorded.Any(r => Matches(f, r))).ToArray();
            if (missing.Length > 0)
            {
                c.Warnings.Add(entry.Where.File, entry.Where.Line,
                    $"{entry.Label} states {string.Join(", ", missing.Select(m => $"'{m}'"))}, which none of its references ({string.Join(", ", entry.Claim.ReferenceIds)}) records in its note, title or year; find the figure in the source and record it in that reference's note, or correct the claim");
            }
        }
    }

    /// <summary>The figures a claim states, as written ("5,685", "91.1", "1905"); ordinals ("19th") and figures inside words are not figures.</summary>
    public static IReadOnlyList<string> Figures(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Figure().Matches(text).Select(m => m.Value).ToArray();
    }

    /// <summary>True when <paramref name="claimed"/> equals <paramref name="recorded"/>, or is it rounded to as many decimals as <paramref name="claimed"/> has.</summary>
    public static bool Matches(string claimed, decimal recorded)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        if (!TryParse(claimed, out var value))
        {
            return false;
        }

        var dot = claimed.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : claimed.Length - dot - 1;
        return recorded == value || Math.Round(recorded, decimals, MidpointRounding.AwayFromZero) == value;
    }

    private static IEnumerable<decimal> RecordedFigures(Reference r)
    {
        yield return r.Year;
        foreach (var text in new[] { r.Title, r.Note ?? string.Empty })
        {
            foreach (var figure in Figures(text))
            {
                if (TryParse(figure, out var value))
                {
                    yield return value;
                }
            }
        }
    }

    private static bool TryParse(string figure, out decimal value) =>
        decimal.TryParse(figure.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    // A number with optional thousands commas and a decimal part, not glued to letters or other digits,
    // and not an ordinal such as "19th" or "2nd".
    [GeneratedRegex(@"(?<![\p{L}\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\p{L}\d])|(?<![\p{L}\d.,])\d+(?:\.\d+)?(?!\d|st\b|nd\b|rd\b|th\b|\p{L})", RegexOptions.CultureInvariant)]
    private static partial Regex Figure();
}
