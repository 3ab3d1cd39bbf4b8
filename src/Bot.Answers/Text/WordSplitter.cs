using System.Text;

namespace Bot.Answers.Text;

/// <summary>
/// Splits words written together ("whatcauseshemifacialspasm", "botoxinjection") into words the index
/// knows, so the rest of the engine reads them as written apart. Only a word that is not known itself,
/// is at least <see cref="MinLength"/> plain letters long and splits wholly into known words is changed:
/// pieces are words of the index's own vocabulary (at least three letters) or English stop words (at
/// least two), the split with the fewest pieces wins, and it must contain a word of the subject (a
/// synonym group's term such as "hemifacial", "spasm", "botox"). The engine splits English messages only.
/// Anything else is left exactly as it was. Cost: one pass over the text, and for each long unknown word
/// a dynamic programme over its letters (words are at most <see cref="KnowledgeAnalyzer.MaxTokenLength"/>
/// letters; longer ones are left alone). Immutable and thread-safe.
/// </summary>
public sealed class WordSplitter
{
    /// <summary>Shorter words are never split.</summary>
    public const int MinLength = 8;

    private readonly ISpeller _speller;
    private readonly Func<string, bool> _isSubject;

    /// <param name="speller">The index's words (<see cref="ISpeller.IsKnown"/>) and its spelling step: a word
    /// the spelling step corrects ("dangerus", "painfull") is a typo, not words run together.</param>
    /// <param name="isSubject">Whether a lower-case word is a word of the subject (a synonym group's term):
    /// a split must contain one, so ordinary words the facts happen not to use ("everything", "hopeless",
    /// "afternoon") are never cut into "every thing", "hope less", "after no on".</param>
    public WordSplitter(ISpeller speller, Func<string, bool> isSubject)
    {
        _speller = speller ?? throw new ArgumentNullException(nameof(speller));
        _isSubject = isSubject ?? throw new ArgumentNullException(nameof(isSubject));
    }

    /// <summary>The text with every run-together word split (the same instance when nothing changed).</summary>
    public string Split(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        StringBuilder? sb = null;
        var last = 0;
        var i = 0;
        while (i < normalizedText.Length)
        {
            if (normalizedText[i] is < 'a' or > 'z')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < normalizedText.Length && normalizedText[i] is >= 'a' and <= 'z')
            {
                i++;
            }

            var length = i - start;
            var bounded = (start == 0 || !char.IsLetterOrDigit(normalizedText[start - 1]))
                && (i == normalizedText.Length || !char.IsLetterOrDigit(normalizedText[i]));
            if (!bounded || length < MinLength || length > KnowledgeAnalyzer.MaxTokenLength)
            {
                continue;
            }

            var word = normalizedText.Substring(start, length);
            if (_speller.IsKnown(word) || SplitWord(word) is not { } pieces || _speller.Correct(word) is not null)
            {
                continue;
            }

            sb ??= new StringBuilder(normalizedText.Length + 8);
            sb.Append(normalizedText, last, start - last).AppendJoin(' ', pieces);
            last = i;
        }

        return sb is null ? normalizedText : sb.Append(normalizedText, last, normalizedText.Length - last).ToString();
    }

    /// <summary>The fewest known pieces the word splits into (at least two), or null.</summary>
    internal string[]? SplitWord(string word)
    {
        // best[k] = fewest pieces for word[..k]; from[k] = where its last piece starts.
        var n = word.Length;
        var chars = word.ToCharArray();
        var best = new int[n + 1];
        var from = new int[n + 1];
        Array.Fill(best, int.MaxValue);
        best[0] = 0;
        for (var end = 2; end <= n; end++)
        {
            for (var start = 0; start <= end - 2; start++)
            {
                if (best[start] == int.MaxValue || best[start] + 1 >= best[end])
                {
                    continue;
                }

                if (IsPiece(word, chars, start, end))
                {
                    best[end] = best[start] + 1;
                    from[end] = start;
                }
            }
        }

        if (best[n] is int.MaxValue or < 2)
        {
            return null;
        }

        var pieces = new string[best[n]];
        for (int k = n, p = pieces.Length - 1; k > 0; k = from[k], p--)
        {
            pieces[p] = word[from[k]..k];
        }

        return pieces.Any(_isSubject) ? pieces : null;
    }

    private bool IsPiece(string word, char[] chars, int start, int end)
    {
        var length = end - start;
        if (length >= 3 && _speller.IsKnown(word[start..end]))
        {
            return true;
        }

        return KnowledgeAnalyzer.StopWords.Contains(chars, start, length);
    }
}
