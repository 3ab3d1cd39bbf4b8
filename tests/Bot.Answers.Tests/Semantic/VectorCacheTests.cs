using Bot.Answers.Semantic;

namespace Bot.Answers.Tests.Semantic;

public sealed class VectorCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vector-cache-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Vectors_are_read_from_the_file_on_the_second_call()
    {
        string[] texts = ["one", "three", "fifteen"];
        var first = new CountingEncoder();
        var firstVectors = VectorCache.GetOrCompute(first, texts, _dir, "facts");
        var second = new CountingEncoder();

        var secondVectors = VectorCache.GetOrCompute(second, texts, _dir, "facts");

        Assert.Equal(3, first.Calls);
        Assert.Equal(0, second.Calls);
        Assert.Equal(firstVectors, secondVectors);
    }

    [Fact]
    public void Other_texts_or_another_model_are_computed_again()
    {
        VectorCache.GetOrCompute(new CountingEncoder(), ["one", "two"], _dir, "facts");
        var changedText = new CountingEncoder();
        var otherModel = new CountingEncoder(modelId: "counting-2");

        VectorCache.GetOrCompute(changedText, ["one", "two!"], _dir, "facts");
        VectorCache.GetOrCompute(otherModel, ["one", "two"], _dir, "facts");

        Assert.Equal(2, changedText.Calls);
        Assert.Equal(2, otherModel.Calls);
    }

    [Fact]
    public void A_damaged_file_is_ignored_and_rewritten()
    {
        string[] texts = ["alpha", "beta"];
        VectorCache.GetOrCompute(new CountingEncoder(), texts, _dir, "bank");
        var file = Assert.Single(Directory.GetFiles(_dir));
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..20]);
        var again = new CountingEncoder();

        var vectors = VectorCache.GetOrCompute(again, texts, _dir, "bank");

        Assert.Equal(2, again.Calls);
        Assert.Equal(2, vectors.Count);
        Assert.Equal(0, CountAfterReload(texts));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_still_gives_the_vectors()
    {
        var blocked = Path.Combine(_dir, "file-not-folder");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(blocked, "not a folder");

        var vectors = VectorCache.GetOrCompute(new CountingEncoder(), ["x", "yy"], blocked, "facts");

        Assert.Equal(2, vectors.Count);
    }

    [Fact]
    public void The_key_separates_lists_that_join_to_the_same_text()
    {
        Assert.NotEqual(VectorCache.Key("m", ["ab", "c"]), VectorCache.Key("m", ["a", "bc"]));
    }

    private int CountAfterReload(string[] texts)
    {
        var encoder = new CountingEncoder();
        VectorCache.GetOrCompute(encoder, texts, _dir, "bank");
        return encoder.Calls;
    }
}
