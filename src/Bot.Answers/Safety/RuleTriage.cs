using System.Text.RegularExpressions;
using Bot.Knowledge.Model;

namespace Bot.Answers.Safety;

/// <summary>A situation a precise rule found, and which rule.</summary>
public sealed record RuleHit(Situation Situation, string RuleId);

/// <summary>
/// The precise layer of triage: the red-flag patterns of knowledge/safety/emergency.yaml, each named after
/// its situation, read with cues around every match. A match does not count when, in its clause,
/// <list type="bullet">
/// <item>a negation stands just before it ("no stiff neck", "sin fiebre", "pas de fièvre");</item>
/// <item>for acute situations, long-standing or spasm-bound wording is there ("for years", "when the spasm comes");</item>
/// <item>it is a general question ("what are the signs of a stroke", "can botox cause ..."), except for a suicide plan or an overdose;</item>
/// <item>a word the situation names as a false friend is there ("shaving" for self-harm, "injection site" for swelling);</item>
/// </list>
/// and a situation that needs a context (an injection, an operation) counts only when the message mentions one.
/// Every pattern runs in linear time (<see cref="SafetyRegex"/>) over the whole message. Immutable and thread-safe.
/// </summary>
public sealed class RuleTriage
{
    private readonly (string RuleId, Situation Situation, Regex Regex)[] _rules;
    private readonly PhraseSet _negation;
    private readonly PhraseSet _chronic;
    private readonly PhraseSet _question;
    private readonly Regex _clauseBreak;
    private readonly Dictionary<string, PhraseSet> _contexts;
    private readonly Dictionary<string, PhraseSet> _cancels;

    public RuleTriage(IEnumerable<SafetyRule> rules, SafetyKnowledge safety)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(safety);
        _rules = rules.Select(r =>
        {
            var situation = SafetyRuleIds.SituationOf(r.Id, safety.Situations)
                ?? throw new ArgumentException($"Red-flag rule '{r.Id}' ({r.Location}) is not named after a situation.");
            return (r.Id, situation, SafetyRegex.Compile($"Red-flag rule '{r.Id}' ({r.Location})", r.Patterns));
        }).ToArray();
        _negation = new PhraseSet(safety.Cues.Negation);
        _chronic = new PhraseSet(safety.Cues.Chronic);
        _question = new PhraseSet(safety.Cues.Question);
        var breaks = new PhraseSet(safety.Cues.ClauseBreaks);
        _clauseBreak = breaks.Phrases.Count == 0
            ? new Regex("[,;:()]", SafetyRegex.Options)
            : new Regex(@"[,;:()]|\b(?:" + string.Join("|", breaks.Phrases.Select(Regex.Escape)) + @")\b", SafetyRegex.Options);
        _contexts = safety.Cues.Contexts.ToDictionary(kv => kv.Key, kv => new PhraseSet(kv.Value), StringComparer.Ordinal);
        _cancels = safety.Situations.ToDictionary(s => s.Id, s => new PhraseSet(s.Cancels), StringComparer.Ordinal);
    }

    /// <summary>The compiled patterns (one per rule), for tests of their cost.</summary>
    public IEnumerable<Regex> Patterns => _rules.Select(r => r.Regex)
        .Concat(new[] { _negation.Regex, _chronic.Regex, _question.Regex, _clauseBreak }.OfType<Regex>())
        .Concat(_contexts.Values.Concat(_cancels.Values).Select(p => p.Regex).OfType<Regex>());

    /// <summary>True when the message mentions the context (<c>injection</c>, <c>surgery</c>).</summary>
    public bool HasContext(string normalizedText, string context) =>
        _contexts.TryGetValue(context, out var words) && words.IsIn(normalizedText);

    /// <summary>Every situation a rule finds in the whole message (cues applied), each once, in rule order.</summary>
    public IReadOnlyList<RuleHit> Find(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        List<RuleHit>? hits = null;
        Dictionary<string, bool>? contexts = null;
        foreach (var (ruleId, situation, regex) in _rules)
        {
            if (hits?.Any(h => h.RuleId == ruleId) == true)
            {
                continue;
            }

            if (situation.Context is { } context)
            {
                contexts ??= new Dictionary<string, bool>(StringComparer.Ordinal);
                if (!contexts.TryGetValue(context, out var has))
                {
                    contexts[context] = has = HasContext(normalizedText, context);
                }

                if (!has)
                {
                    continue;
                }
            }

            foreach (var match in regex.EnumerateMatches(normalizedText))
            {
                if (Counts(normalizedText, match.Index, match.Index + match.Length, situation))
                {
                    (hits ??= []).Add(new RuleHit(situation, ruleId));
                    break;
                }
            }
        }

        return hits is null ? [] : hits;
    }

    /// <summary>Whether a match stands once the cues of its clause are read.</summary>
    private bool Counts(string text, int start, int end, Situation situation)
    {
        var (clauseStart, clauseEnd) = Clause(text, start, end);
        if (Negated(text, clauseStart, start))
        {
            return false;
        }

        if (situation.Acute && _chronic.IsIn(text, clauseStart, clauseEnd))
        {
            return false;
        }

        if (situation.Id is not (SituationIds.SuicidePlan or SituationIds.Overdose) && _question.IsIn(text, clauseStart, clauseEnd))
        {
            return false;
        }

        return !_cancels[situation.Id].IsIn(text, clauseStart, clauseEnd);
    }

    /// <summary>A negation among the three words before the match, in its clause.</summary>
    private bool Negated(string text, int clauseStart, int start)
    {
        var from = start;
        var words = 0;
        while (from > clauseStart && words < 3)
        {
            from--;
            while (from > clauseStart && text[from] == ' ')
            {
                from--;
            }

            while (from > clauseStart && text[from - 1] != ' ')
            {
                from--;
            }

            words++;
        }

        return from < start && _negation.IsIn(text, from, start);
    }

    /// <summary>The clause(s) a match lies in: bounded by sentence ends, commas and clause words ("but").</summary>
    private (int Start, int End) Clause(string text, int start, int end)
    {
        var sentenceStart = start == 0 ? 0 : Math.Min(start, text.LastIndexOfAny(SentenceEnds, start - 1) + 1);
        var lookback = Math.Max(sentenceStart, start - 200);
        var clauseStart = lookback;
        foreach (var m in _clauseBreak.EnumerateMatches(text.AsSpan(lookback, start - lookback)))
        {
            clauseStart = lookback + m.Index + m.Length;
        }

        var sentenceEnd = text.IndexOfAny(SentenceEnds, end);
        var limit = sentenceEnd < 0 ? text.Length : sentenceEnd;
        limit = Math.Min(limit, end + 200);
        var clauseEnd = limit;
        if (limit > end)
        {
            var m = _clauseBreak.Match(text, end, limit - end);
            if (m.Success)
            {
                clauseEnd = m.Index;
            }
        }

        return (clauseStart, clauseEnd);
    }

    private static readonly char[] SentenceEnds = ['.', '!', '?', '\n'];
}
