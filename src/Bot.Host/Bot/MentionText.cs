using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Protocol.Schema;

namespace Bot.Host.Bot;

/// <summary>Removes Teams mentions of the bot (<c>&lt;at&gt;Bot&lt;/at&gt;</c>) from a message's text.</summary>
public static partial class MentionText
{
    /// <summary>
    /// The text without mentions of the bot (matched by the mention entities' <c>mentioned.id</c> =
    /// <c>recipient.id</c>, or the tag's text = the bot's name); any other <c>&lt;at&gt;</c> tag keeps its
    /// inner text. HTML entities Teams adds (<c>&amp;nbsp;</c>) are decoded and whitespace collapsed.
    /// </summary>
    public static string RemoveRecipientMention(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? "";
        if (!text.Contains("<at", StringComparison.OrdinalIgnoreCase))
        {
            return text.Trim();
        }

        var botMentionTexts = new List<string>();
        foreach (var entity in activity.Entities ?? [])
        {
            if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase) || entity.Properties is null)
            {
                continue;
            }

            var mentioned = entity.Properties.TryGetValue("mentioned", out var m) ? ProtocolJson.AsElement(m) : null;
            var id = mentioned is { ValueKind: JsonValueKind.Object } mo && mo.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : null;
            var mentionText = entity.Properties.TryGetValue("text", out var t) && ProtocolJson.AsElement(t) is { ValueKind: JsonValueKind.String } te ? te.GetString() : null;
            if (id is not null && string.Equals(id, activity.Recipient?.Id, StringComparison.Ordinal) && !string.IsNullOrEmpty(mentionText))
            {
                botMentionTexts.Add(mentionText);
            }
        }

        foreach (var mention in botMentionTexts)
        {
            text = text.Replace(mention, " ", StringComparison.OrdinalIgnoreCase);
        }

        var botName = activity.Recipient?.Name;
        text = AtTag().Replace(text, match =>
        {
            var inner = match.Groups["name"].Value;
            return botName is not null && string.Equals(inner.Trim(), botName.Trim(), StringComparison.OrdinalIgnoreCase) ? " " : inner;
        });
        text = WebUtility.HtmlDecode(text);
        return Whitespace().Replace(text, " ").Trim();
    }

    /// <summary>
    /// Runs over user text, so on .NET's linear-time engine (security review F3): no input, however crafted, makes
    /// the match slower than linear in its length.
    /// </summary>
    internal const RegexOptions Linear = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    [GeneratedRegex("<at(?:\\s[^>]*)?>(?<name>.*?)</at>", Linear | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    internal static partial Regex AtTag();

    [GeneratedRegex("\\s+", Linear)]
    internal static partial Regex Whitespace();
}
