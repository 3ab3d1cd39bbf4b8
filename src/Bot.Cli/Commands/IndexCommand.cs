using System.Diagnostics;
using System.Globalization;
using Bot.Answers;

namespace Bot.Cli.Commands;

/// <summary>
/// <c>index --out dir [--knowledge dir]</c>: builds the Lucene index from <c>knowledge/</c> into a directory
/// that <c>ask</c>/<c>chat</c>/<c>eval --index</c> (and the host, with <c>Answers:IndexDirectory</c>) can load
/// instead of building it. The index records a fingerprint of the knowledge, so a stale one is refused.
/// </summary>
internal sealed class IndexCommand : ICommand
{
    public string Name => "index";

    public string Summary => "index --out <dir>: build the Lucene index into a directory";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var options = AnswerCommandSupport.Parse(args, context, Name, new HashSet<string>(StringComparer.Ordinal),
            new HashSet<string>(StringComparer.Ordinal) { "--out" });
        if (options is null || options.Positional.Count > 0 || !options.Flags.TryGetValue("--out", out var outPath) || string.IsNullOrWhiteSpace(outPath))
        {
            await context.Error.WriteLineAsync("usage: dotnet run --project src/Bot.Cli -- index --out <dir> [--knowledge <dir>]");
            return 2;
        }

        var knowledge = AnswerCommandSupport.LoadKnowledge(options, context, Name);
        if (knowledge is null)
        {
            return 1;
        }

        var target = Path.GetFullPath(Path.Combine(context.WorkingDirectory, outPath));
        var watch = Stopwatch.StartNew();
        try
        {
            using var index = AnswerEngine.BuildIndex(knowledge, new AnswerEngineOptions().FieldBoosts);
            index.Save(target);
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"indexed {index.Count} facts into {Path.GetRelativePath(context.WorkingDirectory, target)} ({watch.Elapsed.TotalMilliseconds:0} ms, {new DirectoryInfo(target).EnumerateFiles().Sum(f => f.Length) / 1024.0:0.0} KiB)"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"index: cannot write '{target}': {e.Message}");
            return 1;
        }

        return 0;
    }
}
