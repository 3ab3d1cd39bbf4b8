using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Bot.Answers.Text;

/// <summary>
/// Chat spellings of common words ("wat", "hw", "ppl", "abt", "u", "n") written out, so the question's
/// kind ("hw long" is "how long"), its language ("wat is ..." is English, not Dutch) and its stop words are
/// read as meant. Whole words of a normalised (lower-case) message only; nothing medical is expanded (an
/// abbreviation such as "hfs" or "mvd" is a synonym in knowledge/synonyms.yaml). Linear-time pattern.
/// </summary>
public static partial class ChatSpeak
{
    private static readonly FrozenDictionary<string, string> Words = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["wat"] = "what", ["wot"] = "what", ["wht"] = "what", ["hw"] = "how", ["ppl"] = "people", ["abt"] = "about",
        ["pls"] = "please", ["plz"] = "please", ["u"] = "you", ["ur"] = "your",
        ["n"] = "and", ["diff"] = "difference", ["b4"] = "before", ["coz"] = "because", ["cuz"] = "because",
        ["bcoz"] = "because", ["bc"] = "because", ["wen"] = "when", ["shud"] = "should",
        ["cud"] = "could", ["wud"] = "would", ["thru"] = "through", ["gonna"] = "going to", ["wanna"] = "want to",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The text with chat spellings written out (the same instance when there are none).</summary>
    public static string Expand(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);

        // A letter next to an apostrophe is part of a word ("n'ai", "rock 'n' roll"): left alone.
        if (!Word().IsMatch(normalizedText))
        {
            return normalizedText;
        }

        var expanded = Word().Replace(normalizedText, m => NextToApostrophe(normalizedText, m.Index, m.Length) ? m.Value : Words[m.Value]);
        return string.Equals(expanded, normalizedText, StringComparison.Ordinal) ? normalizedText : expanded;
    }

    private static bool NextToApostrophe(string text, int index, int length) =>
        (index > 0 && text[index - 1] == '\'') || (index + length < text.Length && text[index + length] == '\'');

    /// <summary>Every pattern applied to user text (security review F3: all on the linear-time engine).</summary>
    public static IReadOnlyList<Regex> Patterns => [Word()];

    [GeneratedRegex(@"\b(wat|wot|wht|hw|ppl|abt|pls|plz|u|ur|n|diff|b4|coz|cuz|bcoz|bc|wen|shud|cud|wud|thru|gonna|wanna)\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Word();
}
