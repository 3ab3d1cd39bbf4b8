using System.Text.RegularExpressions;

namespace Bot.Knowledge.Loading;

/// <summary>Reads the <c>patterns</c> of a safety rule or refusal topic: .NET regular expressions that must compile.</summary>
internal static class Patterns
{
    public static string[]? Read(MappingReader r, string? id)
    {
        var patterns = r.StringList("patterns");
        if (patterns is null)
        {
            return null;
        }

        var ok = true;
        foreach (var p in patterns)
        {
            try
            {
                _ = new Regex(p.Value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                r.Problem(p.Line, $"'{id}': invalid regular expression '{p.Value}': {ex.Message}");
                ok = false;
            }
        }

        return ok && patterns.Count > 0 ? patterns.Select(p => p.Value).ToArray() : null;
    }
}
