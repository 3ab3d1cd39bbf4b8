using System.Globalization;
using Bot.Answers.Safety;
using Bot.Knowledge;
using Bot.Knowledge.Model;

namespace Bot.Cli.Commands;

/// <summary>
/// <c>validate [--knowledge &lt;dir&gt;] [--as-of yyyy-mm-dd]</c>: checks all of <c>knowledge/</c>. Prints every
/// warning (an overdue review) as <c>file:line: warning: message</c>, then one summary line, and exits 0; or
/// prints every problem as <c>file:line: problem</c> and exits 1. Warnings alone never fail it. <c>--as-of</c>
/// judges review dates against another day (to see which reviews fall due before a release).
/// </summary>
internal sealed class ValidateCommand : ICommand
{
    public string Name => "validate";

    public string Summary => "validate [--knowledge <dir>] [--as-of yyyy-mm-dd]: check all of knowledge/ (facts and their claims, review dates, references, sources, synonyms, safety)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        string? root = null;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], "--knowledge", StringComparison.Ordinal) && i + 1 < args.Count)
            {
                root = Path.GetFullPath(Path.Combine(context.WorkingDirectory, args[++i]));
            }
            else if (string.Equals(args[i], "--as-of", StringComparison.Ordinal) && i + 1 < args.Count
                && DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            {
                today = asOf;
                i++;
            }
            else
            {
                await context.Error.WriteLineAsync($"validate: unknown or incomplete argument '{args[i]}'.");
                await context.Error.WriteLineAsync("usage: dotnet run --project src/Bot.Cli -- validate [--knowledge <dir>] [--as-of yyyy-mm-dd]");
                return 2;
            }
        }

        try
        {
            root ??= KnowledgeLocator.FindRoot(context.WorkingDirectory);
        }
        catch (DirectoryNotFoundException ex)
        {
            await context.Error.WriteLineAsync($"validate: {ex.Message}");
            return 1;
        }

        var result = KnowledgeLoader.Load(root, today);
        var display = Path.GetRelativePath(context.WorkingDirectory, root);
        foreach (var warning in result.Warnings)
        {
            await context.Error.WriteLineAsync($"{Path.Combine(display, warning.File).Replace('\\', '/')}:{warning.Line}: warning: {warning.Message}");
        }

        if (result.KnowledgeBase is not { } kb)
        {
            foreach (var problem in result.Problems)
            {
                await context.Error.WriteLineAsync($"{Path.Combine(display, problem.File).Replace('\\', '/')}:{problem.Line}: {problem.Message}");
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{display}: {result.Problems.Count} problem(s) found"));
            return 1;
        }

        // The safety files the engine reads at start (situations, cues, languages, the example bank, refusal
        // follow-ups) are checked against the loaded knowledge the same way.
        SafetyKnowledge safety;
        try
        {
            safety = SafetyKnowledge.Load(root, kb);
        }
        catch (InvalidDataException ex)
        {
            var problems = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync(Path.Combine(display, problem).Replace('\\', '/'));
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{display}: {problems.Length} problem(s) found"));
            return 1;
        }

        await context.Out.WriteLineAsync(Summarise(display, kb, safety, result.Warnings.Count));
        return 0;
    }

    internal static string Summarise(string display, KnowledgeBase kb, SafetyKnowledge safety, int warnings)
    {
        var situations = string.Create(CultureInfo.InvariantCulture, $", {safety.Situations.Count} safety situations, {safety.Examples.Count} bank examples");
        var status = warnings == 0 ? "no problems" : string.Create(CultureInfo.InvariantCulture, $"no problems, {warnings} warning(s)");
        var due = kb.Facts.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; next review due {kb.Facts.Min(f => f.Review.Due):yyyy-MM-dd}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{display}: OK: {kb.Facts.Count} facts ({kb.Facts.Sum(f => f.Claims.Count)} claims, {kb.Facts.Sum(f => f.Questions.Count)} questions, {kb.Facts.Count(f => f.IsSurgical)} surgical), {kb.References.Count} references, {kb.SourceSentences.Count} cleaned source sentences, {kb.Synonyms.Count} synonym groups, {kb.SafetyRules.Count} red-flag rules, {kb.Refusals.Count} refusal topics, {kb.Texts.Count} texts{situations}; {status}{due}");
    }
}
