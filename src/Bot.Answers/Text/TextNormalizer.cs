using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Answers.Text;

/// <summary>The result of normalising one message.</summary>
/// <param name="Full">The whole message, normalised (bounded by <see cref="TextNormalizer.HardLimit"/>); the safety screens read this.</param>
/// <param name="Text">The normalised message capped at the configured length; retrieval reads this.</param>
/// <param name="Truncated">True when <see cref="Text"/> is shorter than the message because of the cap.</param>
public sealed record NormalizedMessage(string Full, string Text, bool Truncated)
{
    public static NormalizedMessage Empty { get; } = new("", "", false);

    public bool IsEmpty => Text.Length == 0;
}

/// <summary>
/// Turns raw channel text into the form every later step reads: Teams mentions (<c>&lt;at&gt;…&lt;/at&gt;</c>),
/// HTML tags and entities, markdown emphasis and links, URLs and control characters removed; Unicode NFKC
/// (full-width letters become ASCII); Latin diacritics dropped; typographic quotes and dashes made plain;
/// lower case (invariant); whitespace collapsed; length capped at a word boundary.
/// </summary>
public static partial class TextNormalizer
{
    /// <summary>Characters of raw input looked at at all; anything beyond is ignored (a safety bound, not the cap).</summary>
    public const int HardLimit = 20_000;

    public static NormalizedMessage Normalize(string? raw, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return NormalizedMessage.Empty;
        }

        var s = raw.Length > HardLimit ? raw[..HardLimit] : raw;
        s = MentionRegex().Replace(s, " ");
        s = ScriptRegex().Replace(s, " ");
        s = Compatibility(s);
        s = TagRegex().Replace(s, " ");
        if (s.Contains('&', StringComparison.Ordinal))
        {
            s = WebUtility.HtmlDecode(s);
            s = TagRegex().Replace(s, " ");
        }

        s = MarkdownLinkRegex().Replace(s, "$1");
        s = UrlRegex().Replace(s, " ");
        var full = Clean(s);
        if (full.Length <= maxLength)
        {
            return new NormalizedMessage(full, full, false);
        }

        var cut = full.LastIndexOf(' ', maxLength);
        var capped = (cut > maxLength / 2 ? full[..cut] : full[..maxLength]).TrimEnd();
        return new NormalizedMessage(full, capped, true);
    }

    /// <summary>Character-level cleaning: case, diacritics, punctuation variants, markdown symbols, whitespace.</summary>
    private static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var original in Decompose(s))
        {
            var ch = FoldLatin(original);
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                // Drop accents on Latin letters (é -> e); keep marks of other scripts, which carry meaning.
                if (sb.Length > 0 && sb[^1] < '\u0250')
                {
                    continue;
                }

                sb.Append(ch);
                continue;
            }

            char c = ch switch
            {
                '\u2018' or '\u2019' or '\u201B' or '\u2032' or '`' or '\u00B4' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u2033' or '\u00AB' or '\u00BB' => '"',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                '*' or '_' or '~' or '#' or '|' => ' ',
                _ => ch,
            };

            if (char.IsWhiteSpace(c) || char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.Surrogate
                    or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
            {
                // Emoji and other symbols outside the BMP arrive as surrogate pairs: treat them as spaces.
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return Compose(sb.ToString());
    }

    // The project runs with InvariantGlobalization (no ICU), where string.Normalize may leave text
    // unchanged. So normalisation is attempted through the runtime and then completed by our own tables
    // for what matters to matching: full-width and other compatibility forms, ligatures, and Latin letters
    // with diacritics (which are folded to their base letter).

    /// <summary>NFKC where the runtime can; then the compatibility forms users actually type.</summary>
    internal static string Compatibility(string s)
    {
        s = TryNormalize(s, NormalizationForm.FormKC);
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            string? replacement = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => ((char)(c - 0xFEE0)).ToString(),
                '\u3000' or '\u00A0' or '\u2007' or '\u202F' => " ",
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\uFB05' or '\uFB06' => "st",
                '\u2026' => "...",
                '\u00B2' => "2",
                '\u00B3' => "3",
                '\u00B9' => "1",
                '\u2070' => "0",
                >= '\u2074' and <= '\u2079' => ((char)('4' + (c - '\u2074'))).ToString(),
                >= '\u2080' and <= '\u2089' => ((char)('0' + (c - '\u2080'))).ToString(),
                _ => null,
            };
            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(s.Length).Append(s, 0, i);
            sb.Append(replacement);
        }

        return sb?.ToString() ?? s;
    }

    private static string Decompose(string s) => TryNormalize(s, NormalizationForm.FormD);

    private static string Compose(string s) => TryNormalize(s, NormalizationForm.FormC);

    private static string TryNormalize(string s, NormalizationForm form)
    {
        try
        {
            return s.Normalize(form);
        }
        catch (Exception e) when (e is PlatformNotSupportedException or ArgumentException)
        {
            return s; // invalid surrogates or no normalisation data: the tables still apply
        }
    }

    private const string LatinAccented = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčÐðĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž";
    private const string LatinPlain = "AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZz";

    /// <summary>A Latin letter with a diacritic becomes its base letter (é -> e); other characters are unchanged.</summary>
    internal static char FoldLatin(char c)
    {
        if (c < '\u00C0' || c > '\u017F')
        {
            return c;
        }

        var i = LatinAccented.IndexOf(c, StringComparison.Ordinal);
        return i >= 0 ? LatinPlain[i] : c;
    }

    // Every pattern here reads user text, so every one runs on the linear-time (non-backtracking) engine
    // (security review F3: the old script/style pattern with a backreference was quadratic on crafted input).
    private const RegexOptions Linear = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>The patterns applied to user text, for tests of their cost.</summary>
    public static IReadOnlyList<Regex> Patterns => [MentionRegex(), ScriptRegex(), TagRegex(), MarkdownLinkRegex(), UrlRegex()];

    [GeneratedRegex(@"<at\b[^>]*>.*?</at\s*>", Linear | RegexOptions.Singleline)]
    private static partial Regex MentionRegex();

    [GeneratedRegex(@"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>", Linear | RegexOptions.Singleline)]
    private static partial Regex ScriptRegex();

    [GeneratedRegex(@"<!--.*?-->|</?[a-z][^<>]{0,500}>", Linear | RegexOptions.Singleline)]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"!?\[([^\]\r\n]{0,300})\]\([^)\s]{0,2000}\)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex MarkdownLinkRegex();

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+", Linear)]
    private static partial Regex UrlRegex();
}
