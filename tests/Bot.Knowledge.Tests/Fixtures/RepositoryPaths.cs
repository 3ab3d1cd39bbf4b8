namespace Bot.Knowledge.Tests.Fixtures;

/// <summary>Where the repository, its knowledge folder and the shared reference folder are, seen from a test run.</summary>
public static class RepositoryPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string KnowledgeRoot => Path.Combine(RepositoryRoot, "knowledge");

    public static string SourcesFolder => Path.Combine(KnowledgeRoot, "sources");

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"No Bot.sln above {AppContext.BaseDirectory}.");
    }
}
