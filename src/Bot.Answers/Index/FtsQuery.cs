using System.Text;

namespace Bot.Answers.Index;

/// <summary>
/// Builds FTS5 MATCH expressions in which every term is a quoted string, so words such as AND, OR, NOT,
/// NEAR, a column filter (<c>answer:</c>), <c>*</c>, <c>^</c>, parentheses or quotes in a message are
/// only ever words.
/// </summary>
public static class FtsQuery
{
    /// <summary>Quotes one term as an FTS5 string (embedded double quotes doubled).</summary>
    public static string Quote(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The OR of all non-blank terms (each quoted), or an empty string when there are none.</summary>
    public static string AnyOf(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var sb = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (string.IsNullOrWhiteSpace(term) || term.Contains('\0', StringComparison.Ordinal) || !seen.Add(term))
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(" OR ");
            }

            sb.Append(Quote(term));
        }

        return sb.ToString();
    }
}
