namespace Bot.Knowledge.Tests.Fixtures;

/// <summary>Where the repository, its knowledge folder and the shared reference folder are, seen from a test run.</summary>
public static class RepositoryPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string KnowledgeRoot => Path.Combine(RepositoryRoot, "knowledge");

    public static string SourcesFolder => Path.Combine(KnowledgeRoot, "sources");

    /// <summary>
    /// The shared folder (../shared from the repository root). Tests that need it fail, never skip, when it
    /// is absent: the seeds are the provenance of the knowledge base.
    /// </summary>
    public static string SharedSeeds
    {
        get
        {
            var candidates = new[]
            {
                Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "seeds")),
                Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "..", "shared", "seeds")),
            };
            var found = candidates.FirstOrDefault(Directory.Exists);
            Assert.True(found is not null,
                $"The shared seed pages were not found at {candidates[0]} (../shared/seeds from the repository root). " +
                "Check out the repository next to the shared folder; this test compares knowledge/sources with the original seeds.");
            return found!;
        }
    }

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
