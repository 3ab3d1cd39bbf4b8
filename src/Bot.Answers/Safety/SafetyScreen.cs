using System.Text.RegularExpressions;
using Bot.Knowledge.Model;

namespace Bot.Answers.Safety;

/// <summary>
/// The red-flag rules and refusal topics of <c>knowledge/safety/</c>, compiled once. Each rule's patterns
/// become one alternation, matched case-insensitively and culture-invariantly. There is deliberately no
/// match timeout: a safety decision must not depend on how busy the machine is (under heavy load a
/// timeout fired on ordinary messages and turned into wrong answers). Cost stays bounded because the
/// patterns use bounded gaps (<c>.{0,60}</c>) and the message is capped at
/// <see cref="Text.TextNormalizer.HardLimit"/> characters. Immutable and thread-safe.
/// </summary>
public sealed class SafetyScreen
{
    private readonly (SafetyRule Rule, Regex Regex)[] _emergencies;
    private readonly (RefusalTopic Topic, Regex Regex)[] _refusals;

    public SafetyScreen(IEnumerable<SafetyRule> rules, IEnumerable<RefusalTopic> refusals)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(refusals);
        _emergencies = rules.Select(r => (r, Compile(r.Id, r.Location, r.Patterns))).ToArray();
        _refusals = refusals.Select(r => (r, Compile(r.Id, r.Location, r.Patterns))).ToArray();
    }

    /// <summary>Every red-flag rule that fires, emergencies before crises, in file order.</summary>
    public IReadOnlyList<SafetyRule> FindRedFlags(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        List<SafetyRule>? hits = null;
        foreach (var (rule, regex) in _emergencies)
        {
            if (regex.IsMatch(normalizedText))
            {
                (hits ??= []).Add(rule);
            }
        }

        return hits is null ? [] : hits.OrderBy(r => r.Kind == SafetyRuleKind.Emergency ? 0 : 1).ToArray();
    }

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


    private static Regex Compile(string id, SourceLocation location, IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            throw new ArgumentException($"Safety rule '{id}' ({location}) has no patterns.");
        }

        var alternation = string.Join("|", patterns.Select(p => "(?:" + p + ")"));
        try
        {
            return new Regex(alternation,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture,
                Regex.InfiniteMatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Safety rule '{id}' ({location}) has an invalid pattern: {e.Message}", e);
        }
    }
}
