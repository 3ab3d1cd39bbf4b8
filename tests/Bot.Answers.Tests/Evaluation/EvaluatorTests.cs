using Bot.Answers.Evaluation;

namespace Bot.Answers.Tests.Evaluation;

/// <summary>The in-process judge reads botcheck2's multi-turn cases and judges as botcheck2 does.</summary>
public sealed class EvaluatorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "evaluator-tests-" + Guid.NewGuid().ToString("N"));

    public EvaluatorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_multi_turn_case_is_loaded_with_its_turns_and_their_kinds()
    {
        var cases = EvalCase.Load(Write("""
            [{"id": "m1", "category": "multiturn", "turns": [
              {"ask": "what is botox", "kind": "fact", "expect_all": ["toxin"]},
              {"ask": "thanks", "kind": "chitchat"}]}]
            """));

        var c = Assert.Single(cases);
        Assert.True(c.IsConversation);
        Assert.Equal(["what is botox", "thanks"], c.Messages);
        Assert.Equal(EvalCategories.SmallTalk, c.Turn(1).Category);
        Assert.Equal("m1#1", c.Turn(0).Id);
    }

    [Fact]
    public void A_case_with_both_an_ask_and_turns_or_a_turn_without_an_ask_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => EvalCase.Load(Write("""[{"id": "x", "ask": "hi", "turns": [{"ask": "hello"}]}]""")));
        Assert.Throws<InvalidDataException>(() => EvalCase.Load(Write("""[{"id": "x", "turns": [{"ask": " "}]}]""")));
    }

    [Fact]
    public void Each_turn_gets_the_topic_the_previous_answer_left_and_every_turn_is_judged()
    {
        var engine = new RecordingEngine();
        var c = new EvalCase
        {
            Id = "m",
            Category = EvalCategories.MultiTurn,
            Turns =
            [
                new EvalTurn { Ask = "first", Kind = EvalCategories.SmallTalk },
                new EvalTurn { Ask = "second", Kind = EvalCategories.SmallTalk, ExpectAll = ["never said"] },
            ],
        };

        var result = Evaluator.Converse(engine, c);

        Assert.Equal([("first", true, null), ("second", false, "topic-of-first")], engine.Seen);
        Assert.False(result.Passed);
        Assert.Equal(2, result.Turns.Count);
        Assert.True(result.Turns[0].Passed);
        Assert.Contains(result.Failures, f => f.StartsWith("t2: missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Expectations_are_matched_against_the_answer_body_only_as_botcheck2_does()
    {
        var markdown = "Botox relaxes the muscle [1].\n\n- What are the side effects of surgery?\n\nSources:\n1. [Surgery outcomes](https://example.org) — X, 2020\n\nPlease see a neurologist for diagnosis and treatment decisions.";

        var body = Evaluator.AnswerBody(markdown);

        Assert.Equal("Botox relaxes the muscle [1].", body);
        Assert.DoesNotContain("surgery", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("it's", Evaluator.AnswerBody("it\u2019s"));
    }

    private sealed class RecordingEngine : IAnswerEngine
    {
        public List<(string Text, bool First, string? Topic)> Seen { get; } = [];

        public Answer Answer(Question question)
        {
            Seen.Add((question.Text, question.IsFirstInConversation, question.Topic));
            return new Answer { Kind = AnswerKind.SmallTalk, Text = "hello", RuleId = "t", Topic = "topic-of-" + question.Text };
        }
    }
}
