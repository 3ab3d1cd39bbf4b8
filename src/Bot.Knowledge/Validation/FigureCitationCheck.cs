using System.Text.RegularExpressions;
using Bot.Knowledge.Loading;

namespace Bot.Knowledge.Validation;

/// <summary>
/// Authoring check that figures stay traceable: a claim that states a figure (a number, a percentage, a
/// rate) comes from the study that reports it, so it should cite that reference and not every reference of
/// its fact. A figure claim citing more than <see cref="MaxReferencesForAFigure"/> references is a warning:
/// whether a paper states a figure cannot be checked automatically, but a long list is the sign of a
/// citation copied from the fact rather than traced to its source (knowledge/README.md, "Figures").
/// </summary>
internal static partial class FigureCitationCheck
{
    /// <summary>The most references a claim with a figure may cite without a warning (the study and, say, a review that repeats it).</summary>
    public const int MaxReferencesForAFigure = 2;

    public static void Run(LoadContext c, IReadOnlyList<ClaimEntry> claims)
    {
        foreach (var entry in claims)
        {
            if (FirstFigure(entry.Claim.Text) is { } figure && entry.Claim.ReferenceIds.Count > MaxReferencesForAFigure)
            {
                c.Warnings.Add(entry.Where.File, entry.Where.Line,
                    $"{entry.Label} states a figure ('{figure}') and cites {entry.Claim.ReferenceIds.Count} references; cite only the reference(s) that report it (at most {MaxReferencesForAFigure})");
            }
        }
    }

    /// <summary>The first figure in <paramref name="text"/> ("92%", "0.8", "5,685", "1830"), or null.</summary>
    public static string? FirstFigure(string text) => Figure().Match(text) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"\d+(?:[.,]\d+)*(?:\s?%)?", RegexOptions.CultureInvariant)]
    private static partial Regex Figure();
}
