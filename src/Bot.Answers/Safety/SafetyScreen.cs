using System.Text.RegularExpressions;
using Bot.Knowledge.Model;

namespace Bot.Answers.Safety;

/// <summary>
/// The refusal topics of <c>knowledge/safety/refusals.yaml</c>, compiled once into linear-time
/// (non-backtracking) alternations, matched case-insensitively and culture-invariantly on the whole
/// normalised message. Linear matching keeps the cost proportional to the message, so there is no match
/// timeout (a safety decision must not depend on how busy the machine is). Immutable and thread-safe.
/// </summary>
public sealed class SafetyScreen
{
    private readonly (RefusalTopic Topic, Regex Regex)[] _refusals;

    public SafetyScreen(IEnumerable<RefusalTopic> refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        _refusals = refusals.Select(r => (r, SafetyRegex.Compile($"Refusal topic '{r.Id}' ({r.Location})", r.Patterns))).ToArray();
    }

    /// <summary>The compiled patterns, for tests of their cost.</summary>
    public IEnumerable<Regex> Patterns => _refusals.Select(r => r.Regex);

    /// <summary>The first refusal topic (file order) whose patterns match, or null.</summary>
    public RefusalTopic? FindRefusal(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        foreach (var (topic, regex) in _refusals)
        {
            if (regex.IsMatch(normalizedText))
            {
                return topic;
            }
        }

        return null;
    }
}
