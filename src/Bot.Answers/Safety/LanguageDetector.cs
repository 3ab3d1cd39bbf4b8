using Bot.Answers.Text;

namespace Bot.Answers.Safety;

/// <summary>
/// Tells which language a message is written in, from its script (Cyrillic, Greek, Arabic, CJK, ...) or,
/// for Latin-script text, from how many of each language's frequent short words it uses
/// (knowledge/safety/languages.yaml). Conservative: English unless another language clearly leads, so a
/// "hola" or a name in an English question does not switch the reply. Nothing is downloaded; immutable.
/// </summary>
public sealed class LanguageDetector
{
    private readonly (string Code, HashSet<string> Words)[] _latin;
    private readonly Dictionary<string, string> _scripts;

    public LanguageDetector(IEnumerable<SafetyLanguage> languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        var list = languages.ToArray();
        _latin = list.Where(l => l.Script is null && l.StopWords.Count > 0)
            .Select(l => (l.Code, l.StopWords.Select(w => TextNormalizer.Normalize(w, 200).Full).ToHashSet(StringComparer.Ordinal)))
            .ToArray();
        _scripts = list.Where(l => l.Script is not null).ToDictionary(l => l.Script!, l => l.Code, StringComparer.Ordinal);
    }

    /// <summary>The language code of a normalised message (<c>en</c> when unsure).</summary>
    /// <param name="normalizedText">The normalised message (lower case, plain Latin letters).</param>
    /// <param name="raw">The message as written, for letters the normaliser folds (ñ, ß, ã); may be null.</param>
    public string Detect(string normalizedText, string? raw = null)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var script = DominantScript(normalizedText);
        if (script is not null)
        {
            return _scripts.TryGetValue(script, out var code) ? code : "und";
        }

        // Each distinct word counts once, so a repeated filler ("la la la") does not outweigh a sentence.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = 0;
        foreach (var token in Tokenize(normalizedText).Distinct(StringComparer.Ordinal))
        {
            words++;
            foreach (var (code, set) in _latin)
            {
                if (set.Contains(token))
                {
                    counts[code] = counts.GetValueOrDefault(code) + 1;
                }
            }
        }

        if (raw is not null)
        {
            AddLetterHints(raw, counts);
        }

        var english = counts.GetValueOrDefault("en");
        var best = counts.Where(kv => kv.Key != "en").OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).FirstOrDefault();
        if (best.Key is null)
        {
            return "en";
        }

        // Another language leads when it has at least two of its words (or one in a one- or two-word message)
        // and clearly more than English.
        var enough = best.Value >= 2 || (words <= 2 && best.Value >= 1 && english == 0);
        return enough && best.Value > english * 1.5 + 0.01 ? best.Key : "en";
    }

    private static void AddLetterHints(string raw, Dictionary<string, int> counts)
    {
        foreach (var c in raw)
        {
            var hint = char.ToLowerInvariant(c) switch
            {
                'ñ' or '¿' or '¡' => "es",
                'ß' or 'ä' => "de",
                'ã' or 'õ' => "pt",
                'ò' or 'ì' => "it",
                'œ' or 'ê' or 'ë' or 'î' or 'û' => "fr",
                'ą' or 'ę' or 'ł' or 'ń' or 'ś' or 'ź' or 'ż' => "pl",
                'ğ' or 'ı' or 'ş' => "tr",
                _ => null,
            };
            if (hint is not null)
            {
                // Inverted Spanish marks and the letters above are almost never typed in English: worth two words.
                counts[hint] = counts.GetValueOrDefault(hint) + 2;
                return;
            }
        }
    }

    private static IEnumerable<string> Tokenize(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && (char.IsLetter(text[i]) || text[i] == '\'');
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    /// <summary>The non-Latin script most letters are in, or null when Latin letters are the majority.</summary>
    private static string? DominantScript(string text)
    {
        var latin = 0;
        var others = new Dictionary<string, int>(StringComparer.Ordinal);
        var kana = false;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            string? script = c switch
            {
                < '\u0250' => null,
                >= '\u0370' and <= '\u03FF' => "Greek",
                >= '\u0400' and <= '\u04FF' => "Cyrillic",
                >= '\u0590' and <= '\u05FF' => "Hebrew",
                >= '\u0600' and <= '\u06FF' => "Arabic",
                >= '\u0900' and <= '\u097F' => "Devanagari",
                >= '\u0E00' and <= '\u0E7F' => "Thai",
                >= '\u3040' and <= '\u30FF' => "Kana",
                >= '\u1100' and <= '\u11FF' or >= '\uAC00' and <= '\uD7AF' => "Hangul",
                >= '\u4E00' and <= '\u9FFF' => "Han",
                _ => "Other",
            };
            if (script is null)
            {
                latin++;
                continue;
            }

            kana |= script == "Kana";
            others[script] = others.GetValueOrDefault(script) + 1;
        }

        var total = others.Values.Sum();
        if (total == 0 || total < latin)
        {
            return null;
        }

        // Japanese mixes kana with Han characters; Han alone is Chinese.
        if (kana)
        {
            return "Kana";
        }

        return others.OrderByDescending(kv => kv.Value).First().Key;
    }
}
