namespace Bot.Answers.Safety;

/// <summary>
/// One named safety situation (knowledge/safety/situations.yaml; ids fixed by the taxonomy): its urgency
/// tier, the references its text rests on, and its fixed reply text per language.
/// </summary>
/// <param name="Id">The fixed id (for example <c>stroke</c>, <c>sudden-hearing-loss</c>).</param>
/// <param name="Urgency">The tier the reply sends the person to.</param>
/// <param name="ReferenceIds">Ids in knowledge/references.yaml the text rests on.</param>
/// <param name="Texts">Reply text by language code (<c>en</c> always present).</param>
/// <param name="Acute">True when long-standing wording ("for years", "when the spasm comes") means it is not this situation.</param>
/// <param name="Context">A context (<c>injection</c>, <c>surgery</c>) the message must mention somewhere, or null.</param>
/// <param name="Outranks">Rule-id prefixes this situation's hit removes ("a droop days after an injection" is not the stroke-face rule).</param>
/// <param name="Cancels">Words that, in the same clause as a rule match, mean it is not this situation ("shaving", "injection site").</param>
public sealed record Situation(
    string Id,
    Urgency Urgency,
    IReadOnlyList<string> ReferenceIds,
    IReadOnlyDictionary<string, string> Texts,
    bool Acute,
    string? Context,
    IReadOnlyList<string> Outranks,
    IReadOnlyList<string> Cancels)
{
    /// <summary>The text in <paramref name="language"/>, or English when the situation has none in it.</summary>
    public string Text(string language, out string locale)
    {
        if (Texts.TryGetValue(language, out var text))
        {
            locale = language;
            return text;
        }

        locale = "en";
        return Texts["en"];
    }

    /// <summary>True for the two crisis situations (suicide intent or plan; despair), whose text is added after a medical one.</summary>
    public bool IsCrisis => Id is SituationIds.SuicidePlan or SituationIds.Despair;

    /// <summary>Rank of the tier: lower is more urgent (emergency, care today, crisis support, call the clinic).</summary>
    public int TierRank => Urgency switch
    {
        Urgency.CallEmergencyNow => 0,
        Urgency.CareToday => 1,
        Urgency.CrisisSupport => 2,
        Urgency.CallTreatingClinic => 3,
        _ => 4,
    };
}

/// <summary>The fixed situation ids (the team's situation taxonomy, src/Bot.Answers/Safety/README.md; knowledge/safety/situations.yaml must define exactly these).</summary>
public static class SituationIds
{
    public const string Stroke = "stroke";
    public const string SuddenSevereHeadache = "sudden-severe-headache";
    public const string InjectionBreathingSwallowing = "injection-breathing-swallowing";
    public const string AllergicSwelling = "allergic-swelling";
    public const string Collapse = "collapse";
    public const string Seizure = "seizure";
    public const string ChestPain = "chest-pain";
    public const string Overdose = "overdose";
    public const string PostSurgeryMeningitis = "post-surgery-meningitis";
    public const string PostSurgeryCsfLeak = "post-surgery-csf-leak";
    public const string SuicidePlan = "suicide-plan";
    public const string SuddenHearingLoss = "sudden-hearing-loss";
    public const string RamsayHunt = "ramsay-hunt";
    public const string EyeAfterInjection = "eye-after-injection";
    public const string WoundInfection = "wound-infection";
    public const string InjectionExpectedEffect = "injection-expected-effect";
    public const string Despair = "despair";

    /// <summary>The label of bank examples that describe no situation.</summary>
    public const string None = "none";

    /// <summary>Every situation id with its tier, as the taxonomy fixes them.</summary>
    public static IReadOnlyDictionary<string, Urgency> Tiers { get; } = new Dictionary<string, Urgency>(StringComparer.Ordinal)
    {
        [Stroke] = Urgency.CallEmergencyNow,
        [SuddenSevereHeadache] = Urgency.CallEmergencyNow,
        [InjectionBreathingSwallowing] = Urgency.CallEmergencyNow,
        [AllergicSwelling] = Urgency.CallEmergencyNow,
        [Collapse] = Urgency.CallEmergencyNow,
        [Seizure] = Urgency.CallEmergencyNow,
        [ChestPain] = Urgency.CallEmergencyNow,
        [Overdose] = Urgency.CallEmergencyNow,
        [PostSurgeryMeningitis] = Urgency.CallEmergencyNow,
        [PostSurgeryCsfLeak] = Urgency.CallEmergencyNow,
        [SuicidePlan] = Urgency.CallEmergencyNow,
        [SuddenHearingLoss] = Urgency.CareToday,
        [RamsayHunt] = Urgency.CareToday,
        [EyeAfterInjection] = Urgency.CareToday,
        [WoundInfection] = Urgency.CareToday,
        [InjectionExpectedEffect] = Urgency.CallTreatingClinic,
        [Despair] = Urgency.CrisisSupport,
    };
}
