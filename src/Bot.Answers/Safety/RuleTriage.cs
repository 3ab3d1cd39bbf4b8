using System.Text.RegularExpressions;
using Bot.Knowledge.Model;

namespace Bot.Answers.Safety;

/// <summary>A situation a precise rule found, and which rule.</summary>
public sealed record RuleHit(Situation Situation, string RuleId);

/// <summary>What the rules read in a message: the situations that stand, and those a rule matched but a cue
/// set aside (negated, long-standing, a general question, a false friend): on those the rules have the last word.</summary>
public sealed record RuleScan(IReadOnlyList<RuleHit> Hits, IReadOnlySet<string> SetAside)
{
    public static RuleScan Empty { get; } = new([], new HashSet<string>(StringComparer.Ordinal));
}

/// <summary>
/// The precise layer of triage: the red-flag patterns of knowledge/safety/emergency.yaml, each named after
/// its situation, read with cues around every match. A match does not count when, in its clause,
/// <list type="bullet">
/// <item>a negation stands just before it ("no stiff neck", "sin fiebre", "pas de fièvre");</item>
/// <item>for acute situations, long-standing or spasm-bound wording is there ("for years", "when the spasm comes");</item>
/// <item>it is a general question ("what are the signs of a stroke", "can botox cause ..."), in its clause or earlier in its sentence
/// (unless that sentence says it is happening now), except for a suicide plan or an overdose;</item>
/// <item>a word the situation names as a false friend is there ("shaving" for self-harm, "injection site" for swelling);</item>
/// <item>its sentence tells of something past and over ("back in 2018", "it cleared up"), unless it also says it is happening now ("again", "right now"); and always when it tells that it was dealt with ("it was fixed, all fine now");</item>
/// <item>a hypothetical stands before it (or at its start) in its sentence ("what should i do if", "if i ever"), except for a suicide plan or an overdose;</item>
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
    private readonly PhraseSet _past;
    private readonly PhraseSet _hypothetical;
    private readonly PhraseSet _present;
    private readonly PhraseSet _resolved;
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
        _past = new PhraseSet(safety.Cues.Past ?? []);
        _hypothetical = new PhraseSet(safety.Cues.Hypothetical ?? []);
        _present = new PhraseSet(safety.Cues.Present ?? []);
        _resolved = new PhraseSet(safety.Cues.Resolved ?? []);
        var breaks = new PhraseSet(safety.Cues.ClauseBreaks);
        _clauseBreak = breaks.Phrases.Count == 0
            ? new Regex(@"[,;:()]|\s[-–—]\s", SafetyRegex.Options)
            : new Regex(@"[,;:()]|\s[-–—]\s|\b(?:" + string.Join("|", breaks.Phrases.Select(Regex.Escape)) + @")\b", SafetyRegex.Options);
        _contexts = safety.Cues.Contexts.ToDictionary(kv => kv.Key, kv => new PhraseSet(kv.Value), StringComparer.Ordinal);
        _cancels = safety.Situations.ToDictionary(s => s.Id, s => new PhraseSet(s.Cancels), StringComparer.Ordinal);
    }

    /// <summary>The compiled patterns (one per rule), for tests of their cost.</summary>
    public IEnumerable<Regex> Patterns => _rules.Select(r => r.Regex)
        .Concat(new[] { _negation, _chronic, _question, _past, _hypothetical, _present, _resolved }.SelectMany(p => p.Regexes))
        .Append(_clauseBreak)
        .Concat(_contexts.Values.Concat(_cancels.Values).SelectMany(p => p.Regexes));

    /// <summary>True when the message mentions the context (<c>injection</c>, <c>surgery</c>).</summary>
    /// <remarks>A mention that is denied ("never had surgery", "haven't had botox for 4 months") does not count.</remarks>
    public bool HasContext(string normalizedText, string context) =>
        _contexts.TryGetValue(context, out var words) && words.IsIn(normalizedText)
        && words.Occurrences(normalizedText).Any(o => !ContextDenied(normalizedText, o.Index));

    /// <summary>Words that may stand between a negation and a context word it denies ("haven't had any botox").</summary>
    private static readonly HashSet<string> ContextFillers = new(StringComparer.Ordinal) { "had", "have", "has", "having", "got", "any", "a", "an", "the", "my", "more", "yet" };

    /// <summary>A negation just before a context word, with only filler words between ("never had surgery", "no botox").</summary>
    private bool ContextDenied(string text, int index)
    {
        var end = index;
        for (var words = 0; words < 4; words++)
        {
            var wordEnd = end;
            while (wordEnd > 0 && text[wordEnd - 1] == ' ')
            {
                wordEnd--;
            }

            var wordStart = wordEnd;
            while (wordStart > 0 && text[wordStart - 1] != ' ')
            {
                wordStart--;
            }

            if (wordStart == wordEnd)
            {
                return false;
            }

            if (_negation.IsIn(text, wordStart, index))
            {
                return true;
            }

            if (!ContextFillers.Contains(text[wordStart..wordEnd]))
            {
                return false;
            }

            end = wordStart;
        }

        return false;
    }

    /// <summary>
    /// True when the message as a whole reads as a general question, a hypothetical or an event that is over ("whats a
    /// thunderclap headache?", "if i get a fever after MVD who do I call", "had double vision last month but it went away")
    /// and says nothing is happening now: the example
    /// bank, which has no match to read cues around, may not name an acute situation for it.
    /// </summary>
    public bool IsGeneralOrOver(string normalizedText) =>
        (_question.IsIn(normalizedText) || _past.IsIn(normalizedText) || _resolved.IsIn(normalizedText) || _hypothetical.IsIn(normalizedText))
        && !_present.IsIn(normalizedText);

    /// <summary>
    /// True when the message holds one of the situation's cancelling phrases anywhere (for the example bank, which
    /// has no match to take a clause from): "how much should I take" asks for a dose, it does not report an overdose.
    /// </summary>
    public bool IsCancelled(string normalizedText, string situationId) =>
        _cancels.TryGetValue(situationId, out var words) && words.IsIn(normalizedText);

    /// <summary>Every situation a rule finds in the whole message (cues applied), each once, in rule order.</summary>
    public IReadOnlyList<RuleHit> Find(string normalizedText) => Scan(normalizedText).Hits;

    /// <summary>Every situation a rule finds in the whole message (cues applied), and those whose every match a cue set aside.</summary>
    public RuleScan Scan(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        List<RuleHit>? hits = null;
        HashSet<string>? setAside = null;
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

            var matched = false;
            var counted = false;
            foreach (var match in regex.EnumerateMatches(normalizedText))
            {
                matched = true;
                if (Counts(normalizedText, match.Index, match.Index + match.Length, situation))
                {
                    (hits ??= []).Add(new RuleHit(situation, ruleId));
                    counted = true;
                    break;
                }
            }

            if (matched && !counted)
            {
                (setAside ??= new HashSet<string>(StringComparer.Ordinal)).Add(situation.Id);
            }
        }

        if (hits is null && setAside is null)
        {
            return RuleScan.Empty;
        }

        if (setAside is not null && hits is not null)
        {
            setAside.ExceptWith(hits.Select(h => h.Situation.Id));
        }

        return new RuleScan(hits is null ? [] : hits, setAside ?? new HashSet<string>(StringComparer.Ordinal));
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

        var crisisOrPoison = situation.Id is SituationIds.SuicidePlan or SituationIds.Overdose;
        if (!crisisOrPoison && _question.IsIn(text, clauseStart, clauseEnd))
        {
            return false;
        }

        var (sentenceStart, sentenceEnd) = Sentence(text, start, end);
        if (_resolved.IsIn(text, sentenceStart, sentenceEnd))
        {
            return false;
        }

        // A present cue counts in the match's clause, or elsewhere in its sentence unless the match's own clause is
        // past ("had a convulsion when he was 2, he's 14 now": the "now" is about another clause).
        var present = _present.IsIn(text, clauseStart, clauseEnd)
            || (_present.IsIn(text, sentenceStart, sentenceEnd) && !_past.IsIn(text, clauseStart, clauseEnd));
        if (!present)
        {
            // A question that opens the sentence governs a list after it ("reading about the warning signs: fever, stiff neck").
            if (!crisisOrPoison && _question.IsIn(text, sentenceStart, start))
            {
                return false;
            }

            // A hypothetical inside the match counts too ("what if my face droops" matched as a whole), except for despair,
            // whose own wording can be conditional ("everyone would be relieved if I was gone").
            var hypotheticalEnd = situation.Id == SituationIds.Despair ? start : end;
            if (!crisisOrPoison && _hypothetical.IsIn(text, sentenceStart, hypotheticalEnd))
            {
                return false;
            }

            if (_past.IsIn(text, sentenceStart, sentenceEnd))
            {
                return false;
            }
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

        if (from >= start || !_negation.IsIn(text, from, start))
        {
            return false;
        }

        // "can't finish a sentence without gasping": after a "can't" in the clause, "without" affirms what follows.
        var window = text[from..start];
        if (!window.Contains("without", StringComparison.Ordinal) || _negation.IsIn(window.Replace("without", " ", StringComparison.Ordinal)))
        {
            return true;
        }

        return !CantBefore.IsMatch(text.AsSpan(clauseStart, from - clauseStart));
    }

    private static readonly Regex CantBefore = new(@"\b(can.?t|cannot|can not|unable to|couldn.?t)\b", SafetyRegex.Options);

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

    /// <summary>The sentence a match lies in.</summary>
    private static (int Start, int End) Sentence(string text, int start, int end)
    {
        var sentenceStart = start == 0 ? 0 : text.LastIndexOfAny(SentenceEnds, start - 1) + 1;
        var sentenceEnd = text.IndexOfAny(SentenceEnds, end);
        return (sentenceStart, sentenceEnd < 0 ? text.Length : sentenceEnd);
    }

    private static readonly char[] SentenceEnds = ['.', '!', '?', '\n'];
}
