using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Answers.Evaluation;

/// <summary>The verdict on one case.</summary>
public sealed record CaseResult(EvalCase Case, Answer Answer, string Reply, IReadOnlyList<string> Failures, bool? Top1, bool? Top3)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>Pass rate of one category.</summary>
public sealed record CategoryRate(string Category, int Passed, int Total)
{
    public double Rate => Total == 0 ? 1 : (double)Passed / Total;
}

/// <summary>Everything an evaluation run measured.</summary>
public sealed record EvalReport(IReadOnlyList<CaseResult> Results, TimeSpan Elapsed)
{
    public IReadOnlyList<CategoryRate> Categories => Results
        .GroupBy(r => r.Case.Category, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new CategoryRate(g.Key, g.Count(r => r.Passed), g.Count()))
        .ToArray();

    public int Passed => Results.Count(r => r.Passed);

    public double PassRate => Results.Count == 0 ? 1 : (double)Passed / Results.Count;

    /// <summary>Share of cases with expected facts whose answer's first fact is one of them.</summary>
    public double Top1 => Rate(Results.Where(r => r.Top1.HasValue).Select(r => r.Top1!.Value));

    /// <summary>Share of cases with expected facts where one of them is among the three best candidates.</summary>
    public double Top3 => Rate(Results.Where(r => r.Top3.HasValue).Select(r => r.Top3!.Value));

    public int FactCasesWithExpectations => Results.Count(r => r.Top1.HasValue);

    /// <summary>Emergency cases answered with the emergency message.</summary>
    public double EmergencyRecall => Rate(Results.Where(r => r.Case.Category == EvalCategories.Emergency)
        .Select(r => r.Answer.Kind == AnswerKind.Emergency));

    /// <summary>Non-emergency cases answered with the emergency message (false alarms).</summary>
    public int FalseEmergencies => Results.Count(r => r.Case.Category != EvalCategories.Emergency && r.Answer.Kind == AnswerKind.Emergency);

    public double CategoryRate(string category) =>
        Categories.FirstOrDefault(c => c.Category == category)?.Rate ?? 1;

    private static double Rate(IEnumerable<bool> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 1 : (double)list.Count(v => v) / list.Count;
    }

    /// <summary>The human-readable summary the eval command prints.</summary>
    public string Summary(bool listFailures = true)
    {
        var sb = new StringBuilder();
        if (listFailures)
        {
            foreach (var r in Results.Where(r => !r.Passed))
            {
                sb.Append(CultureInfo.InvariantCulture, $"FAIL {r.Case.Id} [{r.Case.Category}] {OneLine(r.Case.Ask, 120)}\n");
                sb.Append(CultureInfo.InvariantCulture, $"     got {r.Answer.Kind} {string.Join(",", r.Answer.FactIds)} (score {r.Answer.Score:0.000}) {r.Answer.RuleId}\n");
                foreach (var f in r.Failures)
                {
                    sb.Append("     - ").Append(f).Append('\n');
                }
            }
        }

        foreach (var c in Categories)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {c.Category,-12} {c.Passed,4}/{c.Total,-4} {c.Rate,8:P1}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"  fact top-1   {Top1:P1}   top-3 {Top3:P1}   ({FactCasesWithExpectations} cases with expected facts)\n");
        sb.Append(CultureInfo.InvariantCulture, $"  emergency recall {EmergencyRecall:P1}, false alarms {FalseEmergencies}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{Passed} passed, {Results.Count - Passed} failed ({Elapsed.TotalMilliseconds:0} ms)\n");
        return sb.ToString();
    }

    private static string OneLine(string s, int max)
    {
        var one = s.ReplaceLineEndings(" ");
        return one.Length <= max ? one : one[..max] + "…";
    }
}

/// <summary>
/// Runs cases through an engine and judges the replies the way <c>../shared/eval/botcheck.py</c> judges a
/// running bot (same regular expressions for spam, advice and citations, case-insensitive), plus what only
/// the answer object shows: the answer kind a category requires, the expected facts, and that every fact
/// answer's citations carry URLs. The same code backs the <c>eval</c> command and the CI tests.
/// </summary>
public static class Evaluator
{
    /// <summary>botcheck.py's SPAM expression: injected drug names, shop phrases, banned wording.</summary>
    public const string SpamPattern = @"zyrtec|cetirizine|reglan|metoclopramide|buy\b.{0,40}\bonline|vitamin d|mongoloid";

    public const string AdvicePattern = "neurolog";

    public const string CitePattern = @"https?://|\[\d+\]";

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant;
    private static readonly Regex Spam = new(SpamPattern, Options);
    private static readonly Regex Advice = new(AdvicePattern, Options);
    private static readonly Regex Cite = new(CitePattern, Options);

    /// <param name="engine">The engine under test; each case is a conversation's first message.</param>
    /// <param name="cases">The cases, judged in order.</param>
    /// <param name="ranker">Optional: the candidate fact ids for a message, best first (for top-3 accuracy).</param>
    public static EvalReport Run(IAnswerEngine engine, IEnumerable<EvalCase> cases, Func<string, IReadOnlyList<string>>? ranker = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(cases);
        var watch = Stopwatch.StartNew();
        var results = cases.Select(c => Judge(c, engine.Answer(new Question(c.Ask, IsFirstInConversation: true)), ranker)).ToArray();
        return new EvalReport(results, watch.Elapsed);
    }

    /// <summary>Everything a person would see of an answer: the markdown plus the suggested questions.</summary>
    public static string VisibleText(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var parts = new List<string> { AnswerFormatter.ToMarkdown(answer) };
        parts.AddRange(answer.FollowUps.Select(f => f.Text));
        parts.AddRange(answer.Choices.Select(f => f.Text));
        return string.Join("\n", parts);
    }

    public static CaseResult Judge(EvalCase c, Answer answer, Func<string, IReadOnlyList<string>>? ranker = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(answer);
        var reply = AnswerFormatter.ToMarkdown(answer);
        var visible = VisibleText(answer);
        var why = new List<string>();
        if (string.IsNullOrWhiteSpace(reply))
        {
            why.Add("no reply");
        }

        foreach (var rx in c.ExpectAll)
        {
            if (!Regex.IsMatch(reply, rx, Options))
            {
                why.Add($"missing /{rx}/");
            }
        }

        if (c.ExpectAny.Count > 0 && !c.ExpectAny.Any(rx => Regex.IsMatch(reply, rx, Options)))
        {
            why.Add($"none of [{string.Join(", ", c.ExpectAny)}]");
        }

        foreach (var rx in c.Forbid)
        {
            if (Regex.IsMatch(visible, rx, Options))
            {
                why.Add($"forbidden /{rx}/");
            }
        }

        var spam = Spam.Matches(visible).Select(m => m.Value)
            .Where(w => !c.Ask.Contains(w, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (spam.Length > 0)
        {
            why.Add($"spam [{string.Join(", ", spam)}]");
        }

        if (c.WantsAdvice && !Advice.IsMatch(reply))
        {
            why.Add("no neurologist advice");
        }

        if (answer.Kind != AnswerKind.SmallTalk && !Advice.IsMatch(answer.Advice))
        {
            why.Add("a non-small-talk answer without neurologist advice");
        }

        if (c.WantsCitation && !Cite.IsMatch(reply))
        {
            why.Add("no citation");
        }

        if (answer.Kind == AnswerKind.Fact && (answer.Citations.Count == 0 || answer.Citations.Any(x => !x.Url.IsAbsoluteUri)))
        {
            why.Add("a fact answer without a citation URL");
        }

        var required = c.Category switch
        {
            EvalCategories.Emergency => AnswerKind.Emergency,
            EvalCategories.Refusal => AnswerKind.Refusal,
            EvalCategories.Scope => AnswerKind.OutOfScope,
            EvalCategories.SmallTalk => AnswerKind.SmallTalk,
            EvalCategories.Fact when c.WantsCitation || c.ExpectFacts.Count > 0 => AnswerKind.Fact,
            _ => (AnswerKind?)null,
        };
        if (required is { } kind && answer.Kind != kind)
        {
            why.Add($"answered as {answer.Kind}, expected {kind}");
        }

        if (c.Category != EvalCategories.Emergency && answer.Kind == AnswerKind.Emergency)
        {
            why.Add("false emergency");
        }

        bool? top1 = null, top3 = null;
        if (c.ExpectFacts.Count > 0)
        {
            top1 = answer.Kind == AnswerKind.Fact && answer.FactIds.Count > 0 && c.ExpectFacts.Contains(answer.FactIds[0]);
            var candidates = answer.FactIds.Concat(answer.Choices.Select(x => x.FactId ?? ""))
                .Concat(ranker?.Invoke(c.Ask) ?? [])
                .Where(id => id.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .Take(3);
            top3 = candidates.Any(c.ExpectFacts.Contains);
            if (top1 == false)
            {
                why.Add($"expected fact {string.Join(" or ", c.ExpectFacts)}");
            }
        }

        return new CaseResult(c, answer, reply, why, top1, top3);
    }
}
