using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bot.Answers.Evaluation;

namespace Bot.Cli.Commands;

/// <summary>
/// <c>eval cases.json [--min-fact r] [--min-top3 r] [--min-emergency r] [--min-pass r] [--min category=r]...
/// [--json out.json] [--quiet]</c>: runs conversation cases through the engine, prints each failure,
/// per-category pass rates, top-1/top-3 fact accuracy and emergency recall, and exits 1 when a threshold
/// given is not met (rates as 0.95 or 95%).
/// </summary>
internal sealed class EvalCommand : ICommand
{
    public string Name => "eval";

    public string Summary => "eval <cases.json> [--min-fact 0.95] [--min-emergency 1] [--min-pass 1] [--min <category>=<rate>]: run conversation cases";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var options = AnswerCommandSupport.Parse(args, context, Name,
            new HashSet<string>(StringComparer.Ordinal) { "--quiet", "--cross-validate", "--no-search" },
            new HashSet<string>(StringComparer.Ordinal) { "--min-fact", "--min-top3", "--min-emergency", "--min-pass", "--json", "--folds" },
            new HashSet<string>(StringComparer.Ordinal) { "--min" });
        if (options is null || options.Positional.Count != 1)
        {
            await context.Error.WriteLineAsync("usage: dotnet run --project src/Bot.Cli -- eval <cases.json> [--min-fact <rate>] [--min-top3 <rate>] [--min-emergency <rate>] [--min-pass <rate>] [--min <category>=<rate>]... [--json <out.json>] [--quiet] [--knowledge <dir>] [--index <dir>] [--semantic] [--lexical]; for a safety file also [--cross-validate [--folds 10]]");
            return 2;
        }

        var thresholds = new List<(string Name, double Rate, Func<EvalReport, double> Measure)>();
        foreach (var (flag, label, measure) in new (string, string, Func<EvalReport, double>)[]
                 {
                     ("--min-fact", "fact top-1", r => r.Top1),
                     ("--min-top3", "fact top-3", r => r.Top3),
                     ("--min-emergency", "emergency recall", r => r.EmergencyRecall),
                     ("--min-pass", "overall pass rate", r => r.PassRate),
                 })
        {
            if (options.Flags.TryGetValue(flag, out var value))
            {
                if (value is null || !AnswerCommandSupport.TryParseRate(value, out var rate))
                {
                    await context.Error.WriteLineAsync($"eval: {flag} needs a rate such as 0.95 or 95%.");
                    return 2;
                }

                thresholds.Add((label, rate, measure));
            }
        }

        foreach (var (_, value) in options.Repeated)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !AnswerCommandSupport.TryParseRate(value[(eq + 1)..], out var rate))
            {
                await context.Error.WriteLineAsync($"eval: --min takes <category>=<rate>, not '{value}'.");
                return 2;
            }

            var category = value[..eq];
            thresholds.Add((category + " pass rate", rate, r => r.CategoryRate(category)));
        }

        IReadOnlyList<EvalCase> cases;
        var casesPath = Path.GetFullPath(Path.Combine(context.WorkingDirectory, options.Positional[0]));
        if (File.Exists(casesPath) && IsSafetyFile(casesPath))
        {
            return await RunSafetyAsync(casesPath, options, context).ConfigureAwait(false);
        }

        try
        {
            cases = EvalCase.Load(casesPath);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException)
        {
            await context.Error.WriteLineAsync($"eval: {e.Message}");
            return 1;
        }

        var created = AnswerCommandSupport.CreateEngine(options, context, Name);
        if (created is not { } pair)
        {
            return 1;
        }

        using var engine = pair.Engine;
        using var index = pair.Index;
        var report = Evaluator.Run(engine, cases, ask => engine.Candidates(ask).Select(c => c.Fact.Id).ToArray());
        await context.Out.WriteAsync(report.Summary(listFailures: !options.Flags.ContainsKey("--quiet")));

        if (options.Flags.TryGetValue("--json", out var jsonPath) && jsonPath is not null)
        {
            var rows = report.Results.Select(r => new
            {
                id = r.Case.Id,
                category = r.Case.Category,
                ask = string.Join(" | ", r.Case.Messages),
                ok = r.Passed,
                why = r.Failures,
                kind = r.Answer.Kind.ToString(),
                facts = r.Answer.FactIds,
                score = r.Answer.Score,
                rule = r.Answer.RuleId,
                reply = r.Reply,
                turns = r.Turns.Select(t => new { ask = t.Case.Ask, ok = t.Passed, why = t.Failures, kind = t.Answer.Kind.ToString(), facts = t.Answer.FactIds, topic = t.Answer.Topic, reply = t.Reply }),
            });
            var json = JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            await File.WriteAllTextAsync(Path.GetFullPath(Path.Combine(context.WorkingDirectory, jsonPath)), json, cancellationToken);
        }

        var status = 0;
        foreach (var (label, rate, measure) in thresholds)
        {
            var value = measure(report);
            if (value + 1e-9 < rate)
            {
                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"eval: {label} {value:P1} is below {rate:P1}"));
                status = 1;
            }
        }

        return status;
    }

    private static bool IsSafetyFile(string path)
    {
        try
        {
            return SafetyCase.IsSafetyFile(path);
        }
        catch (JsonException)
        {
            return false; // reported by the conversation-case loader
        }
    }

    /// <summary>A file in the held-out safety format: tier, situation and locale figures (Bot.Answers.Evaluation.SafetyReport).</summary>
    private static async Task<int> RunSafetyAsync(string casesPath, AnswerCommandSupport.CommonOptions options, CommandContext context)
    {
        IReadOnlyList<SafetyCase> cases;
        try
        {
            cases = SafetyCase.Load(casesPath);
        }
        catch (InvalidDataException e)
        {
            await context.Error.WriteLineAsync($"eval: {e.Message}");
            return 1;
        }

        var created = AnswerCommandSupport.CreateEngine(options, context, "eval");
        if (created is not { } pair)
        {
            return 1;
        }

        using var engine = pair.Engine;
        using var index = pair.Index;
        if (options.Flags.ContainsKey("--cross-validate"))
        {
            return await CrossValidateAsync(engine, cases, options, context).ConfigureAwait(false);
        }

        var report = SafetyEvaluator.Run(engine, cases);
        await context.Out.WriteAsync(report.Summary(listFailures: !options.Flags.ContainsKey("--quiet")));
        return 0;
    }

    /// <summary>
    /// The example bank's calibration (Bot.Answers.Safety.TriageCalibration): k-fold cross-validation over the
    /// bank and the file's cases, with the configured thresholds and the best of a grid (<c>--no-search</c>: the
    /// configured thresholds only, in seconds instead of minutes).
    /// </summary>
    private static async Task<int> CrossValidateAsync(Bot.Answers.AnswerEngine engine, IReadOnlyList<SafetyCase> cases, AnswerCommandSupport.CommonOptions options, CommandContext context)
    {
        if (engine.Triage.Semantic is null)
        {
            await context.Error.WriteLineAsync("eval: --cross-validate calibrates the example bank; it cannot run with --lexical.");
            return 2;
        }

        var folds = 10;
        if (options.Flags.TryGetValue("--folds", out var f) && (f is null || !int.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out folds) || folds is < 2 or > 100))
        {
            await context.Error.WriteLineAsync("eval: --folds needs a whole number from 2 to 100.");
            return 2;
        }

        var report = Bot.Answers.Safety.TriageCalibration.Run(engine.Triage,
            Bot.Answers.Safety.TriageCalibration.FromCases(cases.Select(c => (c.Id, c.Ask, c.ExpectSituation))), folds,
            search: !options.Flags.ContainsKey("--no-search"));
        var summary = report.Summary();
        if (options.Flags.ContainsKey("--quiet"))
        {
            var cut = summary.IndexOf("cross-validated misses", StringComparison.Ordinal);
            summary = cut < 0 ? summary : summary[..cut];
        }

        await context.Out.WriteAsync(summary);
        return 0;
    }
}
