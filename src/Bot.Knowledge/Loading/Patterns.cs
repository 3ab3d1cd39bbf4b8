using System.Text.RegularExpressions;

namespace Bot.Knowledge.Loading;

/// <summary>
/// Reads the <c>patterns</c> of a safety rule or refusal topic: .NET regular expressions that must compile, each and
/// all together as the one alternation the engine runs with the linear-time matcher (which refuses lookarounds,
/// backreferences and alternations whose automaton grows too large: such a rule must be split).
/// </summary>
internal static class Patterns
{
    /// <summary>The options the engine compiles rules with (Bot.Answers' SafetyRegex).</summary>
    private const RegexOptions Linear = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;

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

        if (ok && patterns.Count > 0)
        {
            try
            {
                _ = new Regex(string.Join("|", patterns.Select(p => "(?:" + p.Value + ")")), Linear);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                r.Problem(patterns[0].Line, $"'{id}': the linear-time matcher cannot run its patterns together (split the rule, or remove lookarounds and backreferences): {ex.Message}");
                ok = false;
            }
        }

        return ok && patterns.Count > 0 ? patterns.Select(p => p.Value).ToArray() : null;
    }
}
