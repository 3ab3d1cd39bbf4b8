using System.Globalization;
using Bot.Knowledge.Cleaning;

namespace Bot.Cli.Commands;

/// <summary>
/// <c>clean &lt;file&gt; [--check]</c>: splits a raw source page into numbered sentences, flags spam and
/// page artefacts, and writes <c>&lt;page&gt;.cleaned.txt</c> and <c>&lt;page&gt;.report.md</c> next to it.
/// With <c>--check</c> nothing is written; the command fails when the files on disk differ from what it would write.
/// </summary>
internal sealed class CleanCommand : ICommand
{
    public string Name => "clean";

    public string Summary => "clean <file> [--check]: number a raw source page's sentences, flag spam, write .cleaned.txt and .report.md";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var check = args.Contains("--check", StringComparer.Ordinal);
        var files = args.Where(a => !string.Equals(a, "--check", StringComparison.Ordinal)).ToArray();
        var unknown = files.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal));
        if (files.Length != 1 || unknown is not null)
        {
            await context.Error.WriteLineAsync(unknown is not null ? $"clean: unknown option '{unknown}'." : "clean: give exactly one raw page.");
            await context.Error.WriteLineAsync("usage: dotnet run --project src/Bot.Cli -- clean knowledge/sources/<page>.txt [--check]");
            return 2;
        }

        var path = Path.GetFullPath(Path.Combine(context.WorkingDirectory, files[0]));
        if (!File.Exists(path))
        {
            await context.Error.WriteLineAsync($"clean: '{files[0]}' does not exist.");
            return 1;
        }

        if (!CleanedPageFormat.IsRawPage(path))
        {
            await context.Error.WriteLineAsync($"clean: '{files[0]}' is not a raw page: give the .txt page itself, not a .cleaned.txt or another file.");
            return 1;
        }

        CleanedPage page;
        try
        {
            page = SourceCleaner.Clean(path, await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (ArgumentException ex)
        {
            await context.Error.WriteLineAsync($"clean: {ex.Message}");
            return 1;
        }

        var outputs = new[]
        {
            (Path: CleanedPageFormat.CleanedPathFor(path), Text: CleanedPageFormat.ToCleanedText(page)),
            (Path: CleanedPageFormat.ReportPathFor(path), Text: CleanedPageFormat.ToReport(page)),
        };

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{page.SourceFile}: {page.ParagraphCount} paragraphs, {page.Sentences.Count} sentences: {page.Count(SentenceOutcome.Kept)} kept, {page.Count(SentenceOutcome.Repaired)} repaired, {page.Count(SentenceOutcome.Removed)} removed");

        if (check)
        {
            var stale = outputs.Where(o => !File.Exists(o.Path) || !string.Equals(File.ReadAllText(o.Path), o.Text, StringComparison.Ordinal)).ToArray();
            foreach (var o in stale)
            {
                await context.Error.WriteLineAsync($"clean: {Path.GetRelativePath(context.WorkingDirectory, o.Path)} is missing or out of date.");
            }

            await context.Out.WriteLineAsync(summary + (stale.Length == 0 ? "; outputs up to date" : "; outputs OUT OF DATE"));
            return stale.Length == 0 ? 0 : 1;
        }

        foreach (var o in outputs)
        {
            await File.WriteAllTextAsync(o.Path, o.Text, cancellationToken);
        }

        await context.Out.WriteLineAsync(summary);
        foreach (var o in outputs)
        {
            await context.Out.WriteLineAsync($"wrote {Path.GetRelativePath(context.WorkingDirectory, o.Path)}");
        }

        return 0;
    }
}
