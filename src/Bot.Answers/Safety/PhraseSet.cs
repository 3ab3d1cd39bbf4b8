using System.Text.RegularExpressions;
using Bot.Answers.Text;

namespace Bot.Answers.Safety;

/// <summary>
/// A list of literal phrases (cue words, context words) found as whole words in normalised text. One
/// linear-time (non-backtracking) alternation, so its cost grows with the text, never faster.
/// </summary>
public sealed class PhraseSet
{
    private readonly Regex? _regex;

    public PhraseSet(IEnumerable<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var list = phrases
            .Select(p => TextNormalizer.Normalize(p, TextNormalizer.HardLimit).Full)
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(p => p.Length)
            .ToArray();
        Phrases = list;
        _regex = list.Length == 0 ? null : new Regex(@"\b(?:" + string.Join("|", list.Select(Regex.Escape)) + @")\b", SafetyRegex.Options);
    }

    /// <summary>The phrases, normalised as messages are (lower case, plain letters).</summary>
    public IReadOnlyList<string> Phrases { get; }

    /// <summary>True when one of the phrases occurs in <paramref name="text"/> between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public bool IsIn(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _regex is not null && end > start && _regex.IsMatch(text.AsSpan(start, end - start));
    }

    public bool IsIn(string text) => IsIn(text, 0, text.Length);

    internal Regex? Regex => _regex;
}

/// <summary>The one way safety patterns are compiled: case-insensitive, culture-invariant, non-backtracking (linear time).</summary>
public static class SafetyRegex
{
    public const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;

    /// <summary>Compiles patterns into one alternation; a pattern the linear engine cannot run (lookarounds, backreferences) is an error.</summary>
    /// <exception cref="ArgumentException">A pattern is invalid or needs backtracking; the message names <paramref name="owner"/>.</exception>
    public static Regex Compile(string owner, IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.Count == 0)
        {
            throw new ArgumentException($"{owner} has no patterns.");
        }

        var alternation = string.Join("|", patterns.Select(p => "(?:" + p + ")"));
        try
        {
            return new Regex(alternation, Options);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{owner} has a pattern the linear-time matcher cannot run (no lookarounds or backreferences): {e.Message}", e);
        }
    }
}
