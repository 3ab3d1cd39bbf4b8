using Bot.Answers.Semantic;

namespace Bot.Answers.Tests.Semantic;

public sealed class SemanticOptionsTests
{
    [Theory]
    [InlineData(8, 1, 0, "MaxTokens")]
    [InlineData(512, 1, 0, "MaxTokens")]
    [InlineData(128, 0, 0, "IntraOpThreads")]
    [InlineData(128, 1, -1, "CacheCapacity")]
    public void An_invalid_setting_is_refused_with_its_name(int maxTokens, int threads, int cache, string name)
    {
        var options = new SemanticOptions { MaxTokens = maxTokens, IntraOpThreads = threads, CacheCapacity = cache };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Answers:Semantic:" + name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid_and_turn_the_semantic_layer_on()
    {
        var options = new SemanticOptions();

        options.Validate();

        Assert.True(options.Enabled);
    }

    [Fact]
    public void A_disabled_layer_builds_no_encoder()
    {
        Assert.Null(TextEncoders.Create(new SemanticOptions { Enabled = false }));
    }

    [Fact]
    public void An_enabled_layer_builds_the_model_behind_a_cache()
    {
        var encoder = (CachingTextEncoder)TextEncoders.Create(new SemanticOptions { Enabled = true, CacheCapacity = 4 })!;

        Assert.Equal(384, encoder.Encode("hello").Length);
        Assert.Equal(1, encoder.Count);
    }

    [Fact]
    public void Engines_with_the_same_settings_share_one_model()
    {
        var a = (CachingTextEncoder)TextEncoders.Create(new SemanticOptions { Enabled = true })!;
        var b = (CachingTextEncoder)TextEncoders.Create(new SemanticOptions { Enabled = true })!;
        var uncachedA = TextEncoders.Create(new SemanticOptions { Enabled = true, CacheCapacity = 0 });
        var uncachedB = TextEncoders.Create(new SemanticOptions { Enabled = true, CacheCapacity = 0 });

        Assert.NotSame(a, b);
        Assert.Same(uncachedA, uncachedB);
        Assert.Equal(a.ModelId, b.ModelId);
    }

    [Fact]
    public void The_engine_options_validate_their_semantic_section()
    {
        var options = new AnswerEngineOptions { Semantic = new SemanticOptions { MaxTokens = 4 } };

        Assert.Throws<ArgumentException>(options.Validate);
    }
}
