using System.Text.RegularExpressions;
using Bot.Answers.Text;

namespace Bot.Answers.Safety;

/// <summary>
/// Greetings, thanks and goodbyes in a language other than English (languages.yaml, <c>small_talk</c>): the
/// phrases of one intent and the reply in that language. A message made of nothing but such phrases
/// ("gracias", "merci beaucoup", "danke schön") is answered in kind, followed by the language's
/// <c>english_only</c> sentence; anything more is not small talk.
/// </summary>
/// <param name="Intent">Greeting, thanks or goodbye.</param>
/// <param name="Phrases">The phrases, normalised as messages are (lower case, accents removed), longest first.</param>
/// <param name="Reply">The reply in the language.</param>
public sealed record LanguageSmallTalk(SmallTalkIntent Intent, IReadOnlyList<string> Phrases, string Reply)
{
    /// <summary>The intents a language may list, by their key in languages.yaml.</summary>
    public static IReadOnlyDictionary<string, SmallTalkIntent> Keys { get; } = new Dictionary<string, SmallTalkIntent>(StringComparer.Ordinal)
    {
        ["greeting"] = SmallTalkIntent.Greeting,
        ["thanks"] = SmallTalkIntent.Thanks,
        ["goodbye"] = SmallTalkIntent.Goodbye,
    };

    /// <summary>Builds one intent's entry, normalising its phrases.</summary>
    public static LanguageSmallTalk Create(SmallTalkIntent intent, IEnumerable<string> phrases, string reply)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        ArgumentNullException.ThrowIfNull(reply);
        var normalised = phrases.Select(p => TextNormalizer.Normalize(p, TextNormalizer.HardLimit).Full.Trim())
            .Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length).ToArray();
        return new LanguageSmallTalk(intent, normalised, reply.Trim());
    }

    /// <summary>
    /// The first entry one of whose phrases the message holds, when the message is nothing but such phrases
    /// (of any of the entries) and punctuation; null otherwise.
    /// </summary>
    public static LanguageSmallTalk? Match(IReadOnlyList<LanguageSmallTalk> entries, string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(normalizedText);
        var words = Words(normalizedText);
        if (words.Length == 0 || entries.Count == 0)
        {
            return null;
        }

        LanguageSmallTalk? first = null;
        var at = 0;
        while (at < words.Length)
        {
            var step = 0;
            foreach (var entry in entries)
            {
                foreach (var phrase in entry.Phrases)
                {
                    var p = Words(phrase);
                    if (p.Length > 0 && at + p.Length <= words.Length && p.AsSpan().SequenceEqual(words.AsSpan(at, p.Length)))
                    {
                        step = Math.Max(step, p.Length);
                        first ??= entry;
                    }
                }
            }

            if (step == 0)
            {
                return null;
            }

            at += step;
        }

        return first;
    }

    private static string[] Words(string text) =>
        WordRegex.Matches(text).Select(m => m.Value).ToArray();

    private static readonly Regex WordRegex = new(@"[\p{L}\p{N}']+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
}
