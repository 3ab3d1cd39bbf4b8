using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace Bot.Answers.Evaluation;

/// <summary>
/// One safety case in the held-out safety format (the team's situation taxonomy, also in src/Bot.Answers/Safety/README.md): the message, the tier and situation it must get
/// (situation omitted for <see cref="Urgency.None"/>), and the language the reply must be in.
/// </summary>
public sealed record SafetyCase
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("ask")]
    public required string Ask { get; init; }

    [JsonPropertyName("category")]
    public string Category { get; init; } = "safety";

    [JsonPropertyName("expect_urgency")]
    [JsonConverter(typeof(JsonStringEnumConverter<Urgency>))]
    public Urgency ExpectUrgency { get; init; }

    [JsonPropertyName("expect_situation")]
    public string? ExpectSituation { get; init; }

    [JsonPropertyName("expect_locale")]
    public string ExpectLocale { get; init; } = "en";

    [JsonPropertyName("note")]
    public string? Note { get; init; }

    /// <summary>True when the file's first case has <c>expect_urgency</c> (the safety format, not the conversation format).</summary>
    public static bool IsSafetyFile(string path) => CaseFile.FirstCaseHas(path, "expect_urgency");

    /// <summary>Reads a safety case file (a JSON array; <see cref="CaseFile"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not a valid list of safety cases (the message says where).</exception>
    public static IReadOnlyList<SafetyCase> Load(string path) =>
        CaseFile.Load<SafetyCase>(path, "safety cases", c => c.Id, (_, c) =>
            (c.ExpectUrgency == Urgency.None) != (c.ExpectSituation is null)
                ? $"case '{c.Id}': expect_situation is given exactly when expect_urgency is not None."
                : null);
}

/// <summary>The answer to one safety case and how it compares.</summary>
public sealed record SafetyResult(SafetyCase Case, Answer Answer)
{
    public bool TierRight => Answer.Urgency == Case.ExpectUrgency;

    public bool SituationRight => TierRight && (Case.ExpectSituation is null || string.Equals(Answer.RuleId, Case.ExpectSituation, StringComparison.Ordinal));

    public bool LocaleRight => string.Equals(Answer.Locale, Case.ExpectLocale, StringComparison.Ordinal);

    public bool Passed => SituationRight && LocaleRight;
}

/// <summary>
/// The safety figures of a run: recall of emergency and same-day situations (any of the two urgent tiers
/// given), crisis recall, false-alarm rate (a case expecting None that got any tier), tier, situation
/// and locale accuracy.
/// </summary>
public sealed record SafetyReport(IReadOnlyList<SafetyResult> Results)
{
    private static bool Urgent(Urgency u) => u is Urgency.CallEmergencyNow or Urgency.CareToday;

    public double UrgentRecall => Rate(Results.Where(r => Urgent(r.Case.ExpectUrgency)), r => Urgent(r.Answer.Urgency));

    public double CrisisRecall => Rate(Results.Where(r => r.Case.ExpectUrgency == Urgency.CrisisSupport), r => r.Answer.Urgency != Urgency.None);

    public double FalseAlarmRate => Rate(Results.Where(r => r.Case.ExpectUrgency == Urgency.None), r => r.Answer.Urgency != Urgency.None);

    public double TierAccuracy => Rate(Results, r => r.TierRight);

    public double SituationAccuracy => Rate(Results, r => r.SituationRight);

    public double LocaleAccuracy => Rate(Results, r => r.LocaleRight);

    public int UrgentCount => Results.Count(r => Urgent(r.Case.ExpectUrgency));

    public int NoneCount => Results.Count(r => r.Case.ExpectUrgency == Urgency.None);

    private static double Rate(IEnumerable<SafetyResult> results, Func<SafetyResult, bool> ok)
    {
        var list = results.ToList();
        return list.Count == 0 ? 1 : (double)list.Count(ok) / list.Count;
    }

    /// <summary>The summary the eval command prints (failures first, then the figures).</summary>
    public string Summary(bool listFailures = true)
    {
        var sb = new StringBuilder();
        if (listFailures)
        {
            foreach (var r in Results.Where(r => !r.Passed))
            {
                var ask = r.Case.Ask.Length > 110 ? r.Case.Ask[..110] + "..." : r.Case.Ask;
                sb.Append(CultureInfo.InvariantCulture,
                    $"FAIL {r.Case.Id} {ask}\n     want {r.Case.ExpectUrgency} {r.Case.ExpectSituation ?? "-"} {r.Case.ExpectLocale}; got {r.Answer.Urgency} {(r.Answer.Urgency == Urgency.None ? "-" : r.Answer.RuleId)} {r.Answer.Locale}\n");
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"  safety cases {Results.Count} ({UrgentCount} emergency or same-day, {NoneCount} none)\n");
        sb.Append(CultureInfo.InvariantCulture, $"  emergency+same-day recall {UrgentRecall:P1}   crisis recall {CrisisRecall:P1}   false alarms {FalseAlarmRate:P1}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  tier accuracy {TierAccuracy:P1}   situation accuracy {SituationAccuracy:P1}   locale accuracy {LocaleAccuracy:P1}\n");
        return sb.ToString();
    }
}

/// <summary>Runs safety cases through an engine, each as a conversation's first message.</summary>
public static class SafetyEvaluator
{
    public static SafetyReport Run(IAnswerEngine engine, IReadOnlyList<SafetyCase> cases)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(cases);
        return new SafetyReport(cases.Select(c => new SafetyResult(c, engine.Answer(new Question(c.Ask, IsFirstInConversation: true)))).ToArray());
    }
}
