using System.Globalization;
using System.Text;
using Bot.Answers;

namespace Bot.Host.Bot;

/// <summary>The plain-text (markdown) form of an answer. TEMPORARY until Bot.Answers.AnswerFormatter lands on main.</summary>
internal static class AnswerText
{
    public static string ToMarkdown(Answer answer)
    {
        var sb = new StringBuilder();
        if (answer.Truncated && answer.Kind != AnswerKind.Emergency)
        {
            sb.Append("_(").Append(AnswerRenderer.TruncatedNote).Append(")_\n\n");
        }

        sb.Append(answer.Text.Trim());
        if (answer.Citations.Count > 0)
        {
            sb.Append("\n\nSources:");
            foreach (var c in answer.Citations.OrderBy(c => c.Number))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n{c.Number}. [{c.Title}]({c.Url.AbsoluteUri}). {c.Publisher}, {c.Year}.");
            }
        }

        if (!string.IsNullOrWhiteSpace(answer.Advice))
        {
            sb.Append("\n\n").Append(answer.Advice.Trim());
        }

        if (!string.IsNullOrWhiteSpace(answer.Disclaimer))
        {
            sb.Append("\n\n_").Append(answer.Disclaimer.Trim()).Append('_');
        }

        return sb.ToString();
    }
}
