using Bot.Answers.Safety;
using Bot.Answers.Semantic;
using Bot.Answers.Text;

namespace Bot.Answers.Tests.Safety;

/// <summary>
/// The example-bank layer, with a deterministic bag-of-words encoder standing in for the model (the model's
/// own behaviour is measured by the eval command, not asserted here): k-nearest neighbours with a margin
/// over "none", context checks, windows over long messages, one embedding per turn.
/// </summary>
public sealed class SemanticTriageTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    /// <summary>Hashes words into 256 dimensions and normalises: identical texts have similarity 1, unrelated ones near 0.</summary>
    private sealed class BagOfWordsEncoder : ITextEncoder
    {
        public int Calls;

        public int Dimensions => 256;

        public string ModelId => "test-bag-of-words-1";

        public float[] Encode(string text)
        {
            Interlocked.Increment(ref Calls);
            var v = new float[Dimensions];
            foreach (var w in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                v[(int)(Fnv(w.Trim('.', ',', '?', '!')) % (uint)Dimensions)] += 1;
            }

            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return norm == 0 ? v : v.Select(x => x / norm).ToArray();
        }

        public IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<string> texts) => texts.Select(Encode).ToArray();

        /// <summary>FNV-1a: the same in every process (string hash codes are randomised per process).</summary>
        private static uint Fnv(string s)
        {
            var h = 2166136261u;
            foreach (var c in s)
            {
                h = (h ^ c) * 16777619u;
            }

            return h;
        }
    }

    private SemanticTriage Layer(BagOfWordsEncoder encoder) =>
        new(encoder, fixture.Safety, new TriageOptions { CacheDirectory = "-" });

    private static TurnAnalysis Turn(string text, ITextEncoder encoder) =>
        new(TextNormalizer.Normalize(text, 600), "en", encoder);

    [Fact]
    public void A_bank_example_names_its_situation_and_a_none_example_names_nothing()
    {
        var encoder = new BagOfWordsEncoder();
        var layer = Layer(encoder);
        Assert.Equal(fixture.Safety.Examples.Count, layer.BankSize);
        var hit = layer.Classify(Turn("uncle suddenly confused, face sagging on one side, what do i do", encoder), _ => true);
        Assert.Equal("stroke", hit?.Situation.Id);
        Assert.Null(layer.Classify(Turn("how long does botox last for hemifacial spasm", encoder), _ => true));
    }

    [Fact]
    public void A_situation_whose_context_is_missing_is_not_named()
    {
        var encoder = new BagOfWordsEncoder();
        var layer = Layer(encoder);
        var turn = Turn("clear liquid coming out of my ear since the surgery", encoder);
        Assert.Equal("surgery", layer.Classify(turn, _ => true)?.Situation.Context);
        var restricted = layer.Classify(turn, s => s.Context is null);
        Assert.True(restricted is null || restricted.Situation.Context is null, restricted?.Situation.Id);
    }

    [Fact]
    public void The_bank_does_not_name_a_situation_whose_cancelling_phrase_is_in_the_message()
    {
        var encoder = new BagOfWordsEncoder();
        var triage = new Triage(fixture.Knowledge, fixture.Safety, encoder, new TriageOptions { CacheDirectory = "-" });
        TriageResult Assess(string text) => triage.Assess(Turn(text, encoder));
        var example = fixture.Safety.Examples
            .Where(e => e.Label == "overdose" && !e.Text.Contains('?', StringComparison.Ordinal))
            .Select(e => e.Text)
            .First(t => triage.Rules.Scan(TextNormalizer.Normalize(t + " how much should i take", 600).Full).Hits.Count == 0
                && Assess(t).Source == "semantic");
        Assert.Equal("overdose", Assess(example).Situation?.Id);
        Assert.NotEqual("overdose", Assess(example + " how much should i take").Situation?.Id);
    }

    [Fact]
    public void A_long_message_is_read_window_by_window_so_its_last_sentence_is_not_diluted()
    {
        var encoder = new BagOfWordsEncoder();
        var layer = Layer(encoder);
        var filler = string.Join(' ', Enumerable.Repeat("I have had this twitch for a long time and I want to know about treatments.", 80));
        var windows = SemanticTriage.Windows(TextNormalizer.Normalize(filler + " Uncle suddenly confused, face sagging on one side, what do i do", 600).Full, 320);
        Assert.True(windows.Count > 10);
        Assert.All(windows, w => Assert.InRange(w.Length, 1, 320));
        var hit = layer.Classify(Turn(filler + " Uncle suddenly confused, face sagging on one side, what do i do", encoder), _ => true);
        Assert.Equal("stroke", hit?.Situation.Id);
    }

    [Fact]
    public void A_short_message_is_encoded_once_per_turn_and_shared_with_retrieval()
    {
        var encoder = new BagOfWordsEncoder();
        var layer = Layer(encoder);
        var before = encoder.Calls;
        var turn = Turn("what is hemifacial spasm", encoder);
        _ = layer.Classify(turn, _ => true);
        _ = turn.Embedding;
        _ = turn.Embedding;
        Assert.Equal(before + 1, encoder.Calls);
    }

    [Fact]
    public void The_engine_uses_the_bank_when_no_rule_stands_and_the_rules_when_one_does()
    {
        var encoder = new BagOfWordsEncoder();
        // Thresholds for this stand-in encoder (the defaults are calibrated on the real model).
        var options = new AnswerEngineOptions { Triage = { CacheDirectory = "-", Neighbours = 5, MinSimilarity = 0.62, Margin = 0.2, CrisisMinSimilarity = null, ClinicMinSimilarity = null } };
        using var engine = new AnswerEngine(fixture.Knowledge, options, null, encoder, fixture.Safety);
        const string paraphrase = "droopy face weak arm odd speech";
        Assert.Empty(engine.Triage.Rules.Find(TextNormalizer.Normalize(paraphrase, 600).Full));
        var semantic = engine.Answer(new Question(paraphrase));
        Assert.Equal("stroke", semantic.RuleId);
        Assert.Equal("semantic", engine.Triage.Assess(engine.Analyse(paraphrase, TextNormalizer.Normalize(paraphrase, 600))).Source);
        var byRule = engine.Triage.Assess(engine.Analyse("my face suddenly drooped", TextNormalizer.Normalize("my face suddenly drooped", 600)));
        Assert.Equal("stroke-face", byRule.Source);
        Assert.Equal(Urgency.None, engine.Answer(new Question("what are the side effects of botox?")).Urgency);
    }
}
