using System.Text;

namespace Bot.Protocol.Diagnostics;

/// <summary>
/// Makes a value that came from the wire safe to log: at most <see cref="DefaultMaxLength"/> characters (then
/// <c>…</c> and the original length), and every control or line-breaking character (CR, LF, NEL, U+2028/2029,
/// other C0/C1 controls, bidi overrides) written as <c>\uXXXX</c>, so one request can neither fill the log nor forge
/// an entry of its own.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 64;

    public static string Field(string? value, int maxLength = DefaultMaxLength)
    {
        if (value is null)
        {
            return "(none)";
        }

        var clean = true;
        foreach (var c in value.Length > maxLength ? value.AsSpan(0, maxLength) : value.AsSpan())
        {
            if (NeedsEscape(c))
            {
                clean = false;
                break;
            }
        }

        if (clean && value.Length <= maxLength)
        {
            return value;
        }

        var sb = new StringBuilder(Math.Min(value.Length, maxLength) + 16);
        var end = Math.Min(value.Length, maxLength);
        if (end < value.Length && end > 0 && char.IsHighSurrogate(value[end - 1]))
        {
            end--;
        }

        for (var i = 0; i < end; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        if (end < value.Length)
        {
            sb.Append("…(").Append(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" chars)");
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
