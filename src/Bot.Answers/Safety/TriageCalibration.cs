using System.Globalization;
using System.Text;
using Bot.Answers.Text;

namespace Bot.Answers.Safety;

/// <summary>One labelled message the calibration reads: a bank example or a safety case (label: a situation id or "none").</summary>
public sealed record LabelledMessage(string Id, string Text, string Label, bool FromBank);

/// <summary>Triage figures over a set of labelled messages (as <c>SafetyReport</c> counts them).</summary>
public sealed record TriageFigures(int Urgent, int Crisis, int None, double UrgentRecall, double CrisisRecall, double FalseAlarms, double TierAccuracy, double SituationAccuracy)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"recall {UrgentRecall:P1} (of {Urgent})  crisis {CrisisRecall:P1} (of {Crisis})  false alarms {FalseAlarms:P1} (of {None})  tier {TierAccuracy:P1}  situation {SituationAccuracy:P1}");
}

/// <summary>The figures of one setting: k-fold cross-validation over the pooled bank and cases (each fold classified
/// against the others), and the shipped bank alone against the cases (bank examples left out one at a time).</summary>
public sealed record CalibrationRow(TriageOptions Options, TriageFigures CvCases, TriageFigures CvBank, TriageFigures ShippedCases, TriageFigures ShippedBank)
{
    /// <summary>What the search maximises (safety first): the worst emergency and same-day recall over the four views,
    /// plus half the worst crisis recall, less twice the worst false-alarm rate, plus a tenth of the situation accuracy.</summary>
    public double Score
    {
        get
        {
            var all = new[] { CvCases, CvBank, ShippedCases, ShippedBank };
            return all.Min(f => f.UrgentRecall) + (0.5 * all.Min(f => f.CrisisRecall)) - (2 * all.Max(f => f.FalseAlarms)) + (0.1 * all.Average(f => f.SituationAccuracy));
        }
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"k={Options.Neighbours} min-similarity={Options.MinSimilarity:0.00} crisis={Options.MinSimilarityFor(Urgency.CrisisSupport):0.00} clinic={Options.MinSimilarityFor(Urgency.CallTreatingClinic):0.00} other-language+{Options.OtherLanguageExtra:0.00} margin={Options.Margin:0.00} score={Score:0.000}\n"
        + $"    cross-validated, cases: {CvCases}\n    cross-validated, bank:  {CvBank}\n    shipped bank, cases:    {ShippedCases}\n    shipped bank, bank LOO: {ShippedBank}\n");
}

/// <summary>The calibration's result: rules alone, the configured setting, and the best settings of the grid.</summary>
public sealed record CalibrationReport(int Folds, int BankCount, int BankLeftOut, int CaseCount, TriageFigures RulesCases, TriageFigures RulesBank, CalibrationRow Configured, IReadOnlyList<CalibrationRow> Best, IReadOnlyList<string> Misses)
{
    public string Summary()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"triage calibration: {BankCount} bank examples ({BankLeftOut} more left out: they are cases), {CaseCount} cases, {Folds}-fold cross-validation over both (rules decide first, the bank adds recall)\n");
        sb.Append(CultureInfo.InvariantCulture, $"  rules alone, cases: {RulesCases}\n  rules alone, bank:  {RulesBank}\n");
        sb.Append("configured:\n  ").Append(Configured.Describe());
        sb.Append("best settings:\n");
        foreach (var row in Best)
        {
            sb.Append("  ").Append(row.Describe());
        }

        if (Misses.Count > 0)
        {
            sb.Append("cross-validated misses and false alarms of the configured setting:\n");
            foreach (var m in Misses)
            {
                sb.Append("  ").Append(m).Append('\n');
            }
        }

        return sb.ToString();
    }
}

/// <summary>
/// Calibrates the example bank of triage: every bank example and every labelled case is encoded once, its
/// nearest neighbours among the others found once, and then each setting of a grid (k, similarity
/// thresholds per tier, margin) is scored with the same rule combination and vote as production
/// (<see cref="Triage.Decide"/>, <see cref="KnnVote"/>), in k-fold cross-validation over the pooled messages
/// (a message never votes for itself or its fold, so the figures are those of unseen messages) and with the
/// shipped bank alone. Used by <c>bot eval --cross-validate</c> and the slow calibration tests.
/// </summary>
public static class TriageCalibration
{
    private const int Kept = 80;

    /// <param name="triage">Triage with its example bank.</param>
    /// <param name="cases">The labelled cases; any bank example with a case's text is left out of the bank (leave-one-set-out).</param>
    /// <param name="folds">Folds of the cross-validation.</param>
    /// <param name="seed">Seed of the fold assignment.</param>
    /// <param name="search">False scores the configured setting alone (no grid search).</param>
    public static CalibrationReport Run(Triage triage, IReadOnlyList<LabelledMessage> cases, int folds = 10, int seed = 20261202, bool search = true)
    {
        ArgumentNullException.ThrowIfNull(triage);
        ArgumentNullException.ThrowIfNull(cases);
        var semantic = triage.Semantic ?? throw new InvalidOperationException("The calibration needs the example bank (an encoder, Answers:Triage:UseExampleBank).");
        if (folds is < 2 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), "between 2 and 100 folds");
        }

        var data = Prepare(triage, semantic, cases, folds, seed);
        var configured = Score(triage, semantic, data, semantic.Options);
        var rows = new List<CalibrationRow>();
        foreach (var k in search ? new[] { 1, 3, 5, 7, 9 } : [])
        {
            for (var margin = 0.0; margin <= 1.001; margin += 0.1)
            {
                for (var sim = 0.40; sim <= 0.86; sim += 0.02)
                {
                    rows.Add(Score(triage, semantic, data, semantic.Options.With(k, Math.Round(sim, 2), Math.Round(margin, 2), null, null)));
                }
            }
        }

        // Then the crisis and clinic tiers' own thresholds, around the best shared settings.
        var refined = new List<CalibrationRow>();
        foreach (var top in rows.OrderByDescending(r => r.Score).Take(5))
        {
            var o = top.Options;
            var bestCrisis = Enumerable.Range(0, 24).Select(i => Math.Round(0.40 + (0.02 * i), 2))
                .Select(c => Score(triage, semantic, data, o.With(o.Neighbours, o.MinSimilarity, o.Margin, c, null))).MaxBy(r => r.Score)!;
            var crisis = bestCrisis.Options.CrisisMinSimilarity;
            refined.Add(Enumerable.Range(0, 24).Select(i => Math.Round(0.40 + (0.02 * i), 2))
                .Select(c => Score(triage, semantic, data, o.With(o.Neighbours, o.MinSimilarity, o.Margin, crisis, c))).MaxBy(r => r.Score)!);
        }

        // Then the extra threshold for messages in other languages, around the best refined settings.
        foreach (var top in refined.OrderByDescending(r => r.Score).Take(3).ToList())
        {
            var o = top.Options;
            refined.Add(Enumerable.Range(0, 16).Select(i => Math.Round(0.02 * i, 2))
                .Select(x => Score(triage, semantic, data, o.With(o.Neighbours, o.MinSimilarity, o.Margin, o.CrisisMinSimilarity, o.ClinicMinSimilarity, x))).MaxBy(r => r.Score)!);
        }

        var best = refined.Concat(rows).OrderByDescending(r => r.Score).Take(5).ToList();
        var misses = Misses(triage, semantic, data, semantic.Options);
        return new CalibrationReport(folds, data.Items.Count(i => i.Message.FromBank), data.LeftOut, data.Items.Count(i => !i.Message.FromBank),
            Figures(data.Items.Where(i => !i.Message.FromBank).Select(i => (i, triage.Decide(i.Scan, null, "en")))),
            Figures(data.Items.Where(i => i.Message.FromBank).Select(i => (i, triage.Decide(i.Scan, null, "en")))),
            configured, best, misses);
    }

    /// <summary>The safety cases as labelled messages.</summary>
    public static IReadOnlyList<LabelledMessage> FromCases(IEnumerable<(string Id, string Ask, string? Situation)> cases) =>
        cases.Select(c => new LabelledMessage(c.Id, c.Ask, c.Situation ?? SituationIds.None, FromBank: false)).ToArray();

    private sealed record Item(LabelledMessage Message, string Text, string Language, int Fold, RuleScan Scan, Situation? Expected, Neighbour[][] CvNeighbours, Neighbour[][] BankNeighbours);

    private readonly record struct Neighbour(int Index, int Label, double Similarity, int Fold, string Language);

    /// <param name="Items">The bank examples kept and the cases.</param>
    /// <param name="LeftOut">Bank examples left out because they are cases.</param>
    private sealed record Data(IReadOnlyList<Item> Items, int LeftOut);

    private static Data Prepare(Triage triage, SemanticTriage semantic, IReadOnlyList<LabelledMessage> cases, int folds, int seed)
    {
        // Leave-one-set-out: a bank example that is one of the cases (a retired set copied into the bank) is left
        // out, so the cases are scored against a bank without their own messages.
        var caseTexts = cases.Select(c => TextNormalizer.Normalize(c.Text, TextNormalizer.HardLimit).Full).ToArray();
        var own = new HashSet<string>(caseTexts, StringComparer.Ordinal);
        var kept = Enumerable.Range(0, semantic.Examples.Count).Where(i => !own.Contains(semantic.Examples[i])).ToArray();
        var messages = kept.Select(i => new LabelledMessage("bank-" + i.ToString(CultureInfo.InvariantCulture), semantic.Examples[i], semantic.LabelName(semantic.Labels[i]), FromBank: true))
            .Concat(cases).ToArray();
        var texts = kept.Select(i => semantic.Examples[i]).Concat(caseTexts).ToArray();
        var labelIndex = semantic.LabelSituations.Select((s, i) => (s?.Id ?? SituationIds.None, i)).ToDictionary(x => x.Item1, x => x.i, StringComparer.Ordinal);
        var labels = messages.Select(m => labelIndex.TryGetValue(m.Label, out var l) ? l
            : throw new ArgumentException($"Case '{m.Id}': unknown situation '{m.Label}'.", nameof(cases))).ToArray();
        var bankCount = kept.Length;
        var caseVectors = semantic.Encoder.EncodeBatch(caseTexts);
        var vectors = kept.Select(i => semantic.Vectors[i]).Concat(caseVectors).ToArray();
        var languages = kept.Select(i => semantic.ExampleLanguages[i]).Concat(cases.Select((m, i) =>
            SemanticTriage.VotingLanguage(triage.Languages.Detect(caseTexts[i], m.Text)))).ToArray();

        // Folds stratified by label: each label's messages shuffled and dealt in turn.
        var fold = new int[messages.Length];
        var random = new Random(seed);
        var deal = 0;
        foreach (var group in Enumerable.Range(0, messages.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            foreach (var i in group.OrderBy(_ => random.Next()))
            {
                fold[i] = deal++ % folds;
            }
        }

        var items = new Item[messages.Length];
        Parallel.For(0, messages.Length, i =>
        {
            var windows = i < bankCount ? [vectors[i]] : WindowVectors(semantic, texts[i], vectors[i]);
            var cv = new Neighbour[windows.Count][];
            var bank = new Neighbour[windows.Count][];
            for (var w = 0; w < windows.Count; w++)
            {
                var all = new List<Neighbour>(vectors.Length);
                for (var j = 0; j < vectors.Length; j++)
                {
                    if (j != i && languages[j] == languages[i])
                    {
                        all.Add(new Neighbour(j, labels[j], SemanticTriage.Dot(windows[w], vectors[j]), fold[j], languages[j]));
                    }
                }

                all.Sort((a, b) => b.Similarity.CompareTo(a.Similarity));
                cv[w] = all.Where(n => n.Fold != fold[i]).Take(Kept).ToArray();
                bank[w] = all.Where(n => n.Index < bankCount).Take(Kept).ToArray();
            }

            var m = messages[i];
            items[i] = new Item(m, texts[i], languages[i], fold[i], triage.Rules.Scan(texts[i]), semantic.LabelSituations[labels[i]], cv, bank);
        });
        return new Data(items, semantic.Examples.Count - kept.Length);
    }

    private static IReadOnlyList<float[]> WindowVectors(SemanticTriage semantic, string text, float[] whole)
    {
        var windows = SemanticTriage.Windows(text, semantic.Options.WindowChars);
        return windows.Count == 1 && windows[0] == text ? [whole] : semantic.Encoder.EncodeBatch(windows);
    }

    private static CalibrationRow Score(Triage triage, SemanticTriage semantic, Data data, TriageOptions options)
    {
        var cv = data.Items.Select(i => (i, Classify(triage, semantic, i, i.CvNeighbours, options))).ToArray();
        var shipped = data.Items.Select(i => (i, Classify(triage, semantic, i, i.BankNeighbours, options))).ToArray();
        return new CalibrationRow(options,
            Figures(cv.Where(x => !x.i.Message.FromBank)), Figures(cv.Where(x => x.i.Message.FromBank)),
            Figures(shipped.Where(x => !x.i.Message.FromBank)), Figures(shipped.Where(x => x.i.Message.FromBank)));
    }

    private static TriageResult Classify(Triage triage, SemanticTriage semantic, Item item, Neighbour[][] windows, TriageOptions options)
    {
        if (item.Scan.Hits.Count > 0)
        {
            return triage.Decide(item.Scan, null, "en");
        }

        SemanticHit? best = null;
        Span<int> labels = stackalloc int[options.Neighbours];
        Span<double> sims = stackalloc double[options.Neighbours];
        foreach (var neighbours in windows)
        {
            var k = Math.Min(options.Neighbours, neighbours.Length);
            for (var j = 0; j < k; j++)
            {
                labels[j] = neighbours[j].Label;
                sims[j] = neighbours[j].Similarity;
            }

            var label = KnnVote.Decide(labels[..k], sims[..k], semantic.LabelSituations, semantic.NoneLabel, options,
                s => triage.BankMayName(item.Text, item.Scan, s), item.Language, out var similarity, out _);
            if (label >= 0 && semantic.LabelSituations[label] is { } situation
                && (best is null || situation.TierRank < best.Situation.TierRank || (situation.TierRank == best.Situation.TierRank && similarity > best.Similarity)))
            {
                best = new SemanticHit(situation, similarity, string.Empty);
            }
        }

        return triage.Decide(item.Scan, best, "en");
    }

    private static IReadOnlyList<string> Misses(Triage triage, SemanticTriage semantic, Data data, TriageOptions options) =>
        data.Items.Select(i => (i, r: Classify(triage, semantic, i, i.CvNeighbours, options)))
            .Where(x => x.r.Situation?.Id != x.i.Expected?.Id)
            .Select(x => string.Create(CultureInfo.InvariantCulture,
                $"{x.i.Message.Id}: want {x.i.Expected?.Id ?? "none"}, got {x.r.Situation?.Id ?? "none"} ({x.r.Source ?? "-"}): {Clip(x.i.Message.Text)}"))
            .ToArray();

    private static string Clip(string text) => text.Length > 140 ? text[..140] + "..." : text;

    private static bool Urgent(Urgency u) => u is Urgency.CallEmergencyNow or Urgency.CareToday;

    private static TriageFigures Figures(IEnumerable<(Item Item, TriageResult Result)> results)
    {
        var list = results.ToList();
        var want = list.Select(x => x.Item.Expected?.Urgency ?? Urgency.None).ToArray();
        var got = list.Select(x => x.Result.Urgency).ToArray();
        int urgent = 0, urgentHit = 0, crisis = 0, crisisHit = 0, none = 0, alarms = 0, tier = 0, situation = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (Urgent(want[i]))
            {
                urgent++;
                urgentHit += Urgent(got[i]) ? 1 : 0;
            }
            else if (want[i] == Urgency.CrisisSupport)
            {
                crisis++;
                crisisHit += got[i] != Urgency.None ? 1 : 0;
            }
            else if (want[i] == Urgency.None)
            {
                none++;
                alarms += got[i] != Urgency.None ? 1 : 0;
            }

            tier += want[i] == got[i] ? 1 : 0;
            situation += string.Equals(list[i].Item.Expected?.Id, list[i].Result.Situation?.Id, StringComparison.Ordinal) ? 1 : 0;
        }

        static double Rate(int n, int d) => d == 0 ? 1 : (double)n / d;
        return new TriageFigures(urgent, crisis, none, Rate(urgentHit, urgent), Rate(crisisHit, crisis), Rate(alarms, none), Rate(tier, list.Count), Rate(situation, list.Count));
    }
}
