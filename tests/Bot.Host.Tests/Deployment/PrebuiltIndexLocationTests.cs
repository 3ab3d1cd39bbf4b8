using Bot.Host.Answers;

namespace Bot.Host.Tests.Deployment;

/// <summary>Where the host looks for a prebuilt index: the setting, else the folder a publish with -p:KnowledgeIndex put beside the app.</summary>
public sealed class PrebuiltIndexLocationTests : IDisposable
{
    private readonly DirectoryInfo _app = Directory.CreateTempSubdirectory("prebuilt-index-app-");

    public void Dispose() => _app.Delete(recursive: true);

    [Fact]
    public void Without_a_setting_or_a_published_index_the_index_is_built_in_memory() =>
        Assert.Null(KnowledgeFactory.IndexDirectory(null, _app.FullName));

    [Fact]
    public void A_published_index_beside_the_app_is_loaded_without_any_setting()
    {
        var published = Directory.CreateDirectory(Path.Combine(_app.FullName, KnowledgeFactory.PublishedIndexFolder)).FullName;

        Assert.Equal(published, KnowledgeFactory.IndexDirectory("", _app.FullName));
    }

    [Fact]
    public void A_relative_setting_is_found_beside_the_app_when_the_working_directory_lacks_it()
    {
        var name = "index-" + Guid.NewGuid().ToString("N");
        var besideApp = Directory.CreateDirectory(Path.Combine(_app.FullName, name)).FullName;

        Assert.Equal(besideApp, KnowledgeFactory.IndexDirectory(name, _app.FullName));
    }

    [Fact]
    public void An_absolute_setting_wins_over_a_published_index()
    {
        Directory.CreateDirectory(Path.Combine(_app.FullName, KnowledgeFactory.PublishedIndexFolder));
        var elsewhere = Path.Combine(Path.GetTempPath(), "an-index-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(elsewhere, KnowledgeFactory.IndexDirectory(elsewhere, _app.FullName));
    }
}
