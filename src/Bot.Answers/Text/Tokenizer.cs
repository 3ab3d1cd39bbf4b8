namespace Bot.Answers.Text;

/// <summary>
/// Splits normalised text into word tokens the way the index does (<c>unicode61</c>): runs of letters and
/// digits; everything else, apostrophes included, separates words. Tokens longer than
/// <see cref="MaxTokenLength"/> are cut (nonsense strings must not cost much).
/// </summary>
public static class Tokenizer
{
    public const int MaxTokenLength = 40;

    public static List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && IsWordChar(text[i]);
            if (isWordChar)
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                var len = Math.Min(i - start, MaxTokenLength);
                tokens.Add(text.Substring(start, len));
                start = -1;
            }
        }

        return tokens;
    }

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
}
