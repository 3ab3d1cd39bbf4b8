using System.Globalization;
using System.Text;

namespace Bot.Answers;

/// <summary>
/// Renders an <see cref="Answer"/> as markdown, the one text every channel and the command line show:
/// the body with its [n] markers; the "did you mean" choices or fallback suggestions the body refers to;
/// the numbered sources ("1. [Title](url) — Publisher, Year"); the advice; the disclaimer when present.
/// </summary>
public static class AnswerFormatter
{
    public static string ToMarkdown(Answer a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var sb = new StringBuilder();
        if (a.Truncated && a.Kind != AnswerKind.Emergency)
        {
            sb.Append("_(Your message was long, so I answered only its first part.)_\n\n");
        }

        sb.Append(a.Text.Trim());
        if (a.Kind == AnswerKind.DidYouMean && a.Choices.Count > 0)
        {
            sb.Append("\n\n");
            for (var i = 0; i < a.Choices.Count; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{i + 1}. {Escape(a.Choices[i].Text)}\n");
            }

            sb.Append("- None of these");
        }
        else if (a.Kind is AnswerKind.Fallback && a.FollowUps.Count > 0)
        {
            sb.Append("\n\n");
            sb.AppendJoin('\n', a.FollowUps.Select(f => "- " + Escape(f.Text)));
        }

        if (a.Citations.Count > 0)
        {
            sb.Append("\n\nSources:");
            foreach (var c in a.Citations.OrderBy(c => c.Number))
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"\n{c.Number}. [{Escape(c.Title)}]({c.Url.AbsoluteUri}) — {Escape(c.Publisher)}, {c.Year}");
            }
        }

        if (!string.IsNullOrWhiteSpace(a.Advice))
        {
            sb.Append("\n\n").Append(a.Advice.Trim());
        }

        if (!string.IsNullOrWhiteSpace(a.Disclaimer))
        {
            sb.Append("\n\n_").Append(a.Disclaimer.Trim()).Append('_');
        }

        return sb.ToString();
    }

    /// <summary>Keeps titles from breaking the link syntax.</summary>
    private static string Escape(string text) =>
        text.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal).Trim();
}
