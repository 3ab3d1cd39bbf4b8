using System.Globalization;
using Bot.Knowledge;
using Bot.Knowledge.Model;

namespace Bot.Cli.Commands;

/// <summary>
/// <c>validate [--knowledge &lt;dir&gt;]</c>: checks all of <c>knowledge/</c>. Prints one summary line and exits 0,
/// or prints every problem as <c>file:line: problem</c> and exits 1.
/// </summary>
internal sealed class ValidateCommand : ICommand
{
    public string Name => "validate";

    public string Summary => "validate [--knowledge <dir>]: check all of knowledge/ (facts, references, sources, synonyms, safety)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        string? root = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], "--knowledge", StringComparison.Ordinal) && i + 1 < args.Count)
            {
                root = Path.GetFullPath(Path.Combine(context.WorkingDirectory, args[++i]));
            }
            else
            {
                await context.Error.WriteLineAsync($"validate: unknown argument '{args[i]}'.");
                await context.Error.WriteLineAsync("usage: dotnet run --project src/Bot.Cli -- validate [--knowledge <dir>]");
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

        var result = KnowledgeLoader.Load(root);
        var display = Path.GetRelativePath(context.WorkingDirectory, root);
        if (result.KnowledgeBase is not { } kb)
        {
            foreach (var problem in result.Problems)
            {
                await context.Error.WriteLineAsync($"{Path.Combine(display, problem.File).Replace('\\', '/')}:{problem.Line}: {problem.Message}");
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{display}: {result.Problems.Count} problem(s) found"));
            return 1;
        }

        await context.Out.WriteLineAsync(Summarise(display, kb));
        return 0;
    }

    internal static string Summarise(string display, KnowledgeBase kb) => string.Create(CultureInfo.InvariantCulture,
        $"{display}: OK: {kb.Facts.Count} facts ({kb.Facts.Sum(f => f.Questions.Count)} questions, {kb.Facts.Count(f => f.IsSurgical)} surgical), " +
        $"{kb.References.Count} references, {kb.SourceSentences.Count} cleaned source sentences, {kb.Synonyms.Count} synonym groups, " +
        $"{kb.SafetyRules.Count} red-flag rules, {kb.Refusals.Count} refusal topics, {kb.Texts.Count} texts; no problems");
}
