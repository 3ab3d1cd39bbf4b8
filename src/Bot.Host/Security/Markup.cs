namespace Bot.Host.Security;

/// <summary>
/// Keeps text the bot sends from being read as HTML by a channel's markdown renderer (Web Chat renders card
/// text and markdown with some HTML allowed): <c>&lt;</c> and <c>&gt;</c> become the entities <c>&amp;lt;</c> and
/// <c>&amp;gt;</c>, which markdown shows as the characters themselves. Answers never need raw HTML (markdown links
/// and emphasis have no angle brackets), so nothing is lost; a question echoed into a reply stays plain text.
/// </summary>
public static class Markup
{
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny('<', '>') < 0
            ? text
            : text.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>For plain-text fields (an activity's <c>summary</c>): angle brackets are dropped, so no channel can read a tag there.</summary>
    public static string PlainText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny('<', '>') < 0
            ? text
            : text.Replace("<", "", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal);
    }
}
