using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Answers;

namespace Bot.Host.Bot;

/// <summary>
/// The answer's text as the chat clients show it. The body is built from <see cref="Answer.Claims"/> when there
/// are any, so each sentence carries only its own markers (<c>[1] [3]</c>, spaced: in CommonMark <c>[1][3]</c>
/// would be one link). The sources are not repeated in the text: Teams lists them from the citation entity,
/// Web Chat from the markdown link definitions (<c>[1]: url "title"</c>), which it shows as one compact,
/// collapsible reference list and which make every marker a link.
/// </summary>
public static partial class ChannelMarkdown
{
    /// <summary>Body (with markers), then the advice and the disclaimer: Teams' text (sources come from the citation entity).</summary>
    public static string ForTeams(Answer answer, bool listSuggestions)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var sb = new StringBuilder();
        AppendBody(sb, answer);
        if (listSuggestions && answer.Kind == AnswerKind.Fallback && answer.FollowUps.Count > 0)
        {
            sb.Append("\n\n");
            sb.AppendJoin('\n', answer.FollowUps.Take(AnswerRenderer.MaxSuggestedActions).Select(f => "- " + EscapeBrackets(f.Text)));
        }

        AppendClosing(sb, answer);
        return Security.Markup.Neutralise(sb.ToString());
    }

    /// <summary>Body, advice, disclaimer and the numbered sources as markdown link definitions (Web Chat, the Emulator).</summary>
    public static string ForWebChat(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var sb = new StringBuilder();
        AppendBody(sb, answer);
        AppendClosing(sb, answer);
        var citations = Cited(answer);
        if (citations.Count > 0)
        {
            sb.Append('\n');
            foreach (var c in citations)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n[{c.Number}]: {c.Url.AbsoluteUri} \"{EscapeTitle(SourceLine(c))}\"");
            }
        }

        return Security.Markup.Neutralise(sb.ToString());
    }

    /// <summary>The body alone (claims with their own markers), with the truncation note first when it applies.</summary>
    public static string Body(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var sb = new StringBuilder();
        AppendBody(sb, answer);
        return sb.ToString();
    }

    /// <summary>"Title. Publisher, Year": how one source is named in lists and citation abstracts.</summary>
    public static string SourceLine(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return FormattableString.Invariant($"{citation.Title.Trim().TrimEnd('.')}. {citation.Publisher}, {citation.Year}");
    }

    /// <summary>The citations the body refers to, in number order, at most <see cref="AdaptiveCardBuilder.MaxCitations"/>.</summary>
    public static IReadOnlyList<Citation> Cited(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Citations.OrderBy(c => c.Number).Take(AdaptiveCardBuilder.MaxCitations).ToList();
    }

    private static void AppendBody(StringBuilder sb, Answer answer)
    {
        if (answer.Truncated && answer.Kind != AnswerKind.Emergency)
        {
            sb.Append("_(").Append(AnswerRenderer.TruncatedNote).Append(")_\n\n");
        }

        if (answer.Claims.Count == 0)
        {
            sb.Append(Spaced(answer.Text.Trim()));
            return;
        }

        var first = true;
        foreach (var claim in answer.Claims)
        {
            var sentence = Markers().Replace(claim.Text, "").Trim();
            if (sentence.Length == 0)
            {
                continue;
            }

            if (!first)
            {
                sb.Append(' ');
            }

            first = false;
            sb.Append(sentence);
            foreach (var n in claim.CitationNumbers.Distinct().Order())
            {
                sb.Append(CultureInfo.InvariantCulture, $" [{n}]");
            }
        }
    }

    private static void AppendClosing(StringBuilder sb, Answer answer)
    {
        if (!string.IsNullOrWhiteSpace(answer.Advice))
        {
            sb.Append("\n\n").Append(answer.Advice.Trim());
        }

        if (!string.IsNullOrWhiteSpace(answer.Disclaimer))
        {
            sb.Append("\n\n_").Append(answer.Disclaimer.Trim()).Append('_');
        }
    }

    /// <summary>Adjacent markers <c>[1][2]</c> become <c>[1] [2]</c> (in CommonMark the first form is one reference link).</summary>
    private static string Spaced(string text) => AdjacentMarkers().Replace(text, "] [");

    private static string EscapeBrackets(string text) =>
        text.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal).Trim();

    private static string EscapeTitle(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex Markers();

    [GeneratedRegex(@"(?<=\[\d+)\]\s*\[(?=\d+\])")]
    private static partial Regex AdjacentMarkers();
}
