using Bot.Answers.Semantic;

namespace Bot.Answers.Tests.Semantic;

public sealed class MiniLmEncoderTests
{
    private static readonly MiniLmEncoder Encoder = SharedEncoder.Instance;

    [Fact]
    public void Encoding_gives_a_unit_vector_of_384_values()
    {
        var v = Encoder.Encode("What causes hemifacial spasm?");

        Assert.Equal(384, Encoder.Dimensions);
        Assert.Equal(384, v.Length);
        Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4);
    }

    [Fact]
    public void A_paraphrase_is_closer_than_an_unrelated_message()
    {
        var message = Encoder.Encode("my husbands face suddenly went droopy and he cant get his words out");
        var paraphrase = Encoder.Encode("sudden drooping of the face and slurred speech");
        var unrelated = Encoder.Encode("how much does the operation cost with insurance");

        Assert.True(Vectors.Dot(message, paraphrase) > Vectors.Dot(message, unrelated) + 0.2,
            $"paraphrase {Vectors.Dot(message, paraphrase):F3}, unrelated {Vectors.Dot(message, unrelated):F3}");
    }

    [Fact]
    public void The_same_text_gives_the_same_vector_every_time()
    {
        Assert.Equal(Encoder.Encode("Is botox safe?"), Encoder.Encode("Is botox safe?"));
    }

    [Fact]
    public void A_batch_gives_the_vectors_of_its_texts_one_by_one_whatever_their_lengths()
    {
        // Different lengths in one batch: padding must not change any vector.
        string[] texts =
        [
            "twitch",
            "Does hemifacial spasm go away on its own?",
            "my left eye has been twitching for three years and now the corner of my mouth pulls up too, is this the same thing and will it spread further down my face",
            "",
        ];

        var batch = Encoder.EncodeBatch(texts);

        Assert.Equal(texts.Length, batch.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = Encoder.Encode(texts[i]);
            Assert.True(Vectors.Dot(single, batch[i]) > 0.9999, $"text {i}: {Vectors.Dot(single, batch[i])}");
        }
    }

    [Fact]
    public void A_text_longer_than_the_token_limit_is_cut_and_still_encoded()
    {
        var longText = string.Join(' ', Enumerable.Repeat("my face twitches on one side", 200));
        var prefix = string.Join(' ', Enumerable.Repeat("my face twitches on one side", 40));

        var v = Encoder.Encode(longText);

        Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4);
        Assert.True(Vectors.Dot(v, Encoder.Encode(prefix)) > 0.99);
    }

    [Fact]
    public void The_model_id_names_the_model_its_content_and_the_token_limit()
    {
        Assert.StartsWith("all-MiniLM-L6-v2:", Encoder.ModelId, StringComparison.Ordinal);
        Assert.EndsWith(":128", Encoder.ModelId, StringComparison.Ordinal);
        using var shorter = MiniLmEncoder.Load(new SemanticOptions { MaxTokens = 64 });
        Assert.NotEqual(Encoder.ModelId, shorter.ModelId);
    }
}
