namespace Bot.Answers.Safety;

/// <summary>
/// Tuning of the example bank of triage (configuration section <c>Answers:Triage</c>). The defaults were
/// chosen by <c>bot eval --cross-validate</c> over both retired held-out sets together (10-fold cross-validation over
/// the bank and every retired message, each fold left out of the bank; src/Bot.Answers/Safety/README.md), never on a
/// live held-out set, and checked leave-one-set-out.
/// </summary>
public sealed class TriageOptions
{
    /// <summary>Bank examples looked at per message window (k of k-nearest neighbours).</summary>
    public int Neighbours { get; set; } = 3;

    /// <summary>
    /// Whether triage reads the example bank (the paraphrase layer) beside the precise rules. It needs the
    /// sentence encoder, which the host then loads whether or not retrieval uses it (<c>Answers:Semantic:Enabled</c>
    /// is retrieval's own switch); false leaves the rules alone (the lean, lexical-only engine).
    /// </summary>
    public bool UseExampleBank { get; set; } = true;

    /// <summary>Cosine similarity the nearest example of an emergency or same-day situation must reach for the layer to name it.</summary>
    public double MinSimilarity { get; set; } = 0.54;

    /// <summary>The same threshold for the crisis-support situation (despair); null: <see cref="MinSimilarity"/>.</summary>
    public double? CrisisMinSimilarity { get; set; } = 0.40;

    /// <summary>The same threshold for "call the clinic that treated you" (expected injection effects); null: <see cref="MinSimilarity"/>.</summary>
    public double? ClinicMinSimilarity { get; set; } = 0.74;

    /// <summary>
    /// Added to a tier's threshold for a message in another language than English. The model is English: it finds any two
    /// sentences of a language it does not know alike, and the bank holds fewer examples per situation in those languages.
    /// </summary>
    public double OtherLanguageExtra { get; set; } = 0.10;

    /// <summary>How much the situation's vote (summed similarity of its neighbours) must exceed the "none" vote.</summary>
    public double Margin { get; set; } = 1.0;

    /// <summary>Characters per window when a long message is embedded window by window (sentences are not split).</summary>
    public int WindowChars { get; set; } = 320;

    /// <summary>Folder for cached bank vectors (keyed by model id and the bank's texts, <see cref="Semantic.VectorCache"/>);
    /// empty: the system temp folder; "-": no cache.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The similarity threshold of a tier (for an English message).</summary>
    public double MinSimilarityFor(Urgency urgency) => urgency switch
    {
        Urgency.CrisisSupport => CrisisMinSimilarity ?? MinSimilarity,
        Urgency.CallTreatingClinic => ClinicMinSimilarity ?? MinSimilarity,
        _ => MinSimilarity,
    };

    /// <summary>The similarity threshold of a tier for a message in <paramref name="language"/> (its voting language).</summary>
    public double MinSimilarityFor(Urgency urgency, string language) =>
        MinSimilarityFor(urgency) + (string.Equals(language, "en", StringComparison.Ordinal) ? 0 : OtherLanguageExtra);

    /// <summary>A copy with other thresholds (what the calibration tries).</summary>
    public TriageOptions With(int neighbours, double minSimilarity, double margin, double? crisis, double? clinic, double? otherLanguageExtra = null) => new()
    {
        OtherLanguageExtra = otherLanguageExtra ?? OtherLanguageExtra,
        UseExampleBank = UseExampleBank,
        Neighbours = neighbours,
        MinSimilarity = minSimilarity,
        Margin = margin,
        CrisisMinSimilarity = crisis,
        ClinicMinSimilarity = clinic,
        WindowChars = WindowChars,
        CacheDirectory = CacheDirectory,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(Neighbours is >= 1 and <= 50, nameof(Neighbours), "must be between 1 and 50");
        Check(MinSimilarity is > 0 and <= 1, nameof(MinSimilarity), "must be above 0 and at most 1");
        Check(CrisisMinSimilarity is null or (> 0 and <= 1), nameof(CrisisMinSimilarity), "must be above 0 and at most 1");
        Check(ClinicMinSimilarity is null or (> 0 and <= 1), nameof(ClinicMinSimilarity), "must be above 0 and at most 1");
        Check(OtherLanguageExtra is >= 0 and <= 0.5, nameof(OtherLanguageExtra), "must be between 0 and 0.5");
        Check(Margin is >= 0 and <= 10, nameof(Margin), "must be between 0 and 10");
        Check(WindowChars is >= 80 and <= 2000, nameof(WindowChars), "must be between 80 and 2000");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{AnswerEngineOptions.SectionName}:Triage:{name} {rule}.", name);
        }
    }
}
