using Bot.Knowledge.Tests.Fixtures;

namespace Bot.Knowledge.Tests.Loading;

public sealed class KnowledgeLocatorTests
{
    [Fact]
    public void The_knowledge_folder_is_found_by_walking_up_from_a_nested_directory()
    {
        var nested = Path.Combine(RepositoryPaths.RepositoryRoot, "src", "Bot.Knowledge", "Model");
        Assert.Equal(RepositoryPaths.KnowledgeRoot, KnowledgeLocator.FindRoot(nested));
    }

    [Fact]
    public void The_knowledge_folder_itself_is_accepted_as_the_start()
    {
        Assert.Equal(RepositoryPaths.KnowledgeRoot, KnowledgeLocator.FindRoot(Path.Combine(RepositoryPaths.KnowledgeRoot, "facts")));
    }

    [Fact]
    public void By_default_the_search_also_starts_from_the_application_directory()
    {
        Assert.Equal(RepositoryPaths.KnowledgeRoot, KnowledgeLocator.FindRoot());
    }

    [Fact]
    public void A_directory_with_no_knowledge_folder_above_it_gives_a_clear_error()
    {
        var empty = Directory.CreateTempSubdirectory("no-kb-");
        try
        {
            var ex = Assert.Throws<DirectoryNotFoundException>(() => KnowledgeLocator.FindRoot(empty.FullName));
            Assert.Contains("No 'knowledge' folder", ex.Message, StringComparison.Ordinal);
            Assert.Contains(empty.FullName, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
