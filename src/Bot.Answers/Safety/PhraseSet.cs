using System.Text.RegularExpressions;
using Bot.Answers.Text;

namespace Bot.Answers.Safety;

/// <summary>
/// A list of literal phrases (cue words, context words) found as whole words in normalised text. Linear-time
/// (non-backtracking) alternations of at most <see cref="ChunkSize"/> phrases each (the linear engine caps the size of
/// one automaton), so its cost grows with the text, never faster.
/// </summary>
public sealed class PhraseSet
{
    /// <summary>Phrases per alternation.</summary>
    public const int ChunkSize = 64;

    private readonly Regex[] _regexes;

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
        _regexes = list.Chunk(ChunkSize)
            .Select(chunk => new Regex(@"\b(?:" + string.Join("|", chunk.Select(Regex.Escape)) + @")\b", SafetyRegex.Options))
            .ToArray();
    }

    /// <summary>The phrases, normalised as messages are (lower case, plain letters).</summary>
    public IReadOnlyList<string> Phrases { get; }

    /// <summary>True when one of the phrases occurs in <paramref name="text"/> between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public bool IsIn(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (end <= start)
        {
            return false;
        }

        var span = text.AsSpan(start, end - start);
        foreach (var regex in _regexes)
        {
            if (regex.IsMatch(span))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsIn(string text) => IsIn(text, 0, text.Length);

    /// <summary>Every occurrence of a phrase in <paramref name="text"/> (start index and length), chunk by chunk.</summary>
    public IEnumerable<(int Index, int Length)> Occurrences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var regex in _regexes)
        {
            foreach (Match m in regex.Matches(text))
            {
                yield return (m.Index, m.Length);
            }
        }
    }

    internal IReadOnlyList<Regex> Regexes => _regexes;
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
