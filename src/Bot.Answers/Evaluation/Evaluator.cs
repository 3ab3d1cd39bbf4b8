using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Answers.Evaluation;

/// <summary>The verdict on one case.</summary>
/// <remarks>For a multi-turn case, <see cref="Answer"/> and <see cref="Reply"/> are those of its first failing
/// turn (else its last), <see cref="Failures"/> are prefixed "t2: ..." by turn, and <see cref="Turns"/> holds each turn's verdict.</remarks>
public sealed record CaseResult(EvalCase Case, Answer Answer, string Reply, IReadOnlyList<string> Failures, bool? Top1, bool? Top3)
{
    public bool Passed => Failures.Count == 0;

    /// <summary>The verdict on each turn of a multi-turn case; empty for a single message.</summary>
    public IReadOnlyList<CaseResult> Turns { get; init; } = [];
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
                sb.Append(CultureInfo.InvariantCulture, $"FAIL {r.Case.Id} [{r.Case.Category}] {OneLine(string.Join(" | ", r.Case.Messages), 160)}\n");
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
/// Runs cases through an engine and judges the replies the way <c>botcheck2.py</c> judges a running bot:
/// the same regular expressions for spam, advice (also Spanish "neurólogo") and citations, case-insensitive,
/// curly apostrophes read as straight ones; <c>expect_all</c>/<c>expect_any</c> matched against the answer
/// body only (<see cref="AnswerBody"/>: no sources, no offered follow-ups, no fixed footer), while forbid,
/// advice and citation look at everything shown. A multi-turn case is one conversation: each turn gets the
/// topic the previous answer left (as the host's conversation state does) and is judged on its own reply.
/// On top, what only the answer object shows: the answer kind a category requires, the expected facts,
/// and that every fact answer's citations carry URLs. The same code backs the <c>eval</c> command and the CI tests.
/// </summary>
public static class Evaluator
{
    /// <summary>botcheck.py's SPAM expression: injected drug names, shop phrases, banned wording.</summary>
    public const string SpamPattern = @"zyrtec|cetirizine|reglan|metoclopramide|buy\b.{0,40}\bonline|vitamin d|mongoloid";

    public const string AdvicePattern = "neur[oó]log";

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
        var results = cases.Select(c => c.IsConversation ? Converse(engine, c) : Judge(c, engine.Answer(new Question(c.Ask, IsFirstInConversation: true)), ranker)).ToArray();
        return new EvalReport(results, watch.Elapsed);
    }

    /// <summary>Runs a multi-turn case as one conversation and judges every turn.</summary>
    public static CaseResult Converse(IAnswerEngine engine, EvalCase c)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(c);
        string? topic = null;
        var turns = new List<CaseResult>(c.Turns.Count);
        for (var i = 0; i < c.Turns.Count; i++)
        {
            var answer = engine.Answer(new Question(c.Turns[i].Ask, IsFirstInConversation: i == 0, topic));
            topic = answer.Topic;
            turns.Add(Judge(c.Turn(i), answer));
        }

        var shown = turns.FirstOrDefault(t => !t.Passed) ?? turns[^1];
        var failures = turns.SelectMany((t, i) => t.Failures.Select(f => $"t{i + 1}: {f}")).ToArray();
        return new CaseResult(c, shown.Answer, shown.Reply, failures, null, null) { Turns = turns };
    }

    private static readonly string[] Headings = ["Sources", "You could also ask", "Was this helpful?"];

    private static readonly Regex OfferedQuestion = new(@"^\s*[-*\u2022]\s.*\?\s*$", RegexOptions.CultureInvariant);

    private static readonly Regex[] Boilerplate =
    [
        new(@"Please see a neurologist for diagnosis and treatment decisions\.", RegexOptions.CultureInvariant),
        new(@"_?This is general information, not a diagnosis or medical advice\._?", RegexOptions.CultureInvariant),
        new(@"Please discuss any operation with a neurosurgeon as well\.", RegexOptions.CultureInvariant),
    ];

    /// <summary>
    /// What the reply itself says, as botcheck2.py's <c>answer_body</c> reads a text reply: the markdown cut at
    /// a "Sources" / "You could also ask" / "Was this helpful?" heading, without "- question?" lines (offered
    /// follow-ups), the bot's fixed footer sentences removed, curly apostrophes straightened.
    /// </summary>
    public static string AnswerBody(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = new List<string>();
        foreach (var line in Straighten(markdown).Split('\n'))
        {
            if (Array.IndexOf(Headings, line.Trim().Trim('*', '_', '#', ':', ' ')) >= 0)
            {
                break;
            }

            if (!OfferedQuestion.IsMatch(line))
            {
                lines.Add(line);
            }
        }

        var body = string.Join("\n", lines);
        foreach (var rx in Boilerplate)
        {
            body = rx.Replace(body, "");
        }

        return body.Trim();
    }

    private static string Straighten(string text) => text.Replace('\u2019', '\'').Replace('\u2018', '\'');

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
        var body = AnswerBody(reply);
        var visible = Straighten(VisibleText(answer));
        var why = new List<string>();
        if (string.IsNullOrWhiteSpace(reply))
        {
            why.Add("no reply");
        }

        foreach (var rx in c.ExpectAll)
        {
            if (!Regex.IsMatch(body, rx, Options))
            {
                why.Add($"missing /{rx}/");
            }
        }

        if (c.ExpectAny.Count > 0 && !c.ExpectAny.Any(rx => Regex.IsMatch(body, rx, Options)))
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

        // The kinds a category allows: out of scope may also be declined as a refusal, and small talk may
        // be answered by asking what was meant ("did you mean"), as the issue asks for a lone word.
        AnswerKind[]? allowed = c.Category switch
        {
            EvalCategories.Emergency => [AnswerKind.Emergency],
            EvalCategories.Refusal => [AnswerKind.Refusal],
            EvalCategories.Scope => [AnswerKind.OutOfScope, AnswerKind.Refusal],
            EvalCategories.SmallTalk => [AnswerKind.SmallTalk, AnswerKind.DidYouMean],
            // A declined diagnosis followed by a cited fact ("is it a tic or HFS?") informs as a fact answer does.
            EvalCategories.Fact when c.WantsCitation || c.ExpectFacts.Count > 0 =>
                answer.Kind == AnswerKind.Refusal && answer.Citations.Count > 0 ? [AnswerKind.Refusal] : [AnswerKind.Fact],
            _ => null,
        };
        if (allowed is not null && Array.IndexOf(allowed, answer.Kind) < 0)
        {
            why.Add($"answered as {answer.Kind}, expected {string.Join(" or ", allowed)}");
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
