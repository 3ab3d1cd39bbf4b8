using Bot.Answers.Semantic;
using Bot.Knowledge.Model;

namespace Bot.Answers.Safety;

/// <summary>The triage verdict on one message.</summary>
/// <param name="Situation">The most urgent situation found, or null (an ordinary message).</param>
/// <param name="Crisis">A crisis situation found beside a medical one (its text follows), or null.</param>
/// <param name="Locale">The language the reply is written in.</param>
/// <param name="Source">What decided: the rule id, <c>semantic</c>, or null.</param>
public sealed record TriageResult(Situation? Situation, Situation? Crisis, string Locale, string? Source)
{
    public Urgency Urgency => Situation?.Urgency ?? Urgency.None;
}

/// <summary>
/// Safety triage (design.md §5 step 2): decides which named situation, if any, a whole message describes.
/// The precise rules (<see cref="RuleTriage"/>) decide first; when none stands, the example bank
/// (<see cref="SemanticTriage"/>, only with an encoder) may recognise a paraphrase. Among several
/// situations the most urgent tier wins, then the earlier one in situations.yaml; a crisis found beside a
/// medical emergency is kept so its text can follow. Thread-safe.
/// </summary>
public sealed class Triage
{
    private static readonly string[] RuleLanguages = ["es", "fr", "de", "pt", "it"];
    private readonly Dictionary<string, int> _order;

    public Triage(KnowledgeBase knowledge, SafetyKnowledge safety, ITextEncoder? encoder, TriageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        Knowledge = safety ?? throw new ArgumentNullException(nameof(safety));
        var o = options ?? new TriageOptions();
        o.Validate();
        Rules = new RuleTriage(knowledge.SafetyRules, safety);
        Languages = new LanguageDetector(safety.Languages);
        Semantic = encoder is null || !o.UseExampleBank ? null : new SemanticTriage(encoder, safety, o, Languages);
        _order = safety.Situations.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
    }

    public SafetyKnowledge Knowledge { get; }

    public RuleTriage Rules { get; }

    public LanguageDetector Languages { get; }

    /// <summary>The example bank, or null when no encoder is configured or <see cref="TriageOptions.UseExampleBank"/> is false (rules alone).</summary>
    public SemanticTriage? Semantic { get; }

    /// <summary>Triage of one turn: the whole message, whatever its length.</summary>
    public TriageResult Assess(TurnAnalysis turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var text = turn.Message.Full;
        var scan = Rules.Scan(text);
        var bank = scan.Hits.Count == 0 && Semantic is not null ? Semantic.Classify(turn, s => BankMayName(text, scan, s)) : null;
        return Decide(scan, bank, turn.Language);
    }

    /// <summary>
    /// Whether the bank may name a situation for this message: its context (an injection, an operation) is
    /// mentioned, no rule matched it only to have a cue set it aside (the rules decide negation,
    /// long-standing wording, general questions and false friends; the bank adds recall elsewhere), and none of
    /// the situation's cancelling phrases is in the message.
    /// </summary>
    internal bool BankMayName(string normalizedText, RuleScan scan, Situation situation) =>
        (situation.Context is null || Rules.HasContext(normalizedText, situation.Context)) && !scan.SetAside.Contains(situation.Id)
        && !Rules.IsCancelled(normalizedText, situation.Id)
        && (situation.IsCrisis || situation.Id == SituationIds.Overdose || !Rules.IsGeneralOrOver(normalizedText));

    /// <summary>How the layers combine: a rule that stands decides; otherwise the bank's situation, if any.</summary>
    internal TriageResult Decide(RuleScan scan, SemanticHit? bank, string language)
    {
        var hits = scan.Hits;
        if (hits.Count > 0)
        {
            var kept = hits.Where(h => !hits.Any(o => !ReferenceEquals(o, h) && o.Situation.Id != h.Situation.Id
                    && o.Situation.Outranks.Any(p => h.RuleId.StartsWith(p, StringComparison.Ordinal))))
                .ToList();
            if (kept.Count == 0)
            {
                kept = [.. hits];
            }

            var primary = kept.OrderBy(h => h.Situation.TierRank).ThenBy(h => _order[h.Situation.Id]).First();
            var crisis = primary.Situation.IsCrisis ? null : kept.FirstOrDefault(h => h.Situation.IsCrisis)?.Situation;
            return new TriageResult(primary.Situation, crisis, ReplyLocale(language, primary.RuleId), primary.RuleId);
        }

        if (bank is not null)
        {
            return new TriageResult(bank.Situation, null, language is "und" ? "en" : language, "semantic");
        }

        return new TriageResult(null, null, language, null);
    }

    /// <summary>The detected language; when detection was unsure (English) but a rule of another language fired, that language.</summary>
    private static string ReplyLocale(string detected, string ruleId)
    {
        if (detected != "en")
        {
            return detected == "und" ? "en" : detected;
        }

        foreach (var code in RuleLanguages)
        {
            if (ruleId.EndsWith("-" + code, StringComparison.Ordinal) || ruleId.Contains("-" + code + "-", StringComparison.Ordinal))
            {
                return code;
            }
        }

        return "en";
    }
}
