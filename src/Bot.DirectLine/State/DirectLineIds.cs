using System.Globalization;

namespace Bot.DirectLine.State;

/// <summary>Activity ids: <c>{conversation id}|{sequence, 7 digits or more}</c>, the same in every store.</summary>
internal static class DirectLineIds
{
    public static string ActivityId(string conversationId, long sequence) =>
        conversationId + "|" + sequence.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The sequence number of a stored activity's JSON when it starts with its id (as both stores write it); null otherwise.</summary>
    public static long? SequenceOf(ReadOnlySpan<char> json)
    {
        const string start = "{\"id\":\"";
        if (!json.StartsWith(start, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = json[start.Length..];
        var bar = rest.IndexOf('|');
        var quote = rest.IndexOf('"');
        return bar < 0 || quote < bar ? null
            : long.TryParse(rest[(bar + 1)..quote], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
    }
}
