using Bot.Answers.Evaluation;
using Bot.Answers.Semantic;

namespace Bot.Answers.Tests.Evaluation;

/// <summary>The whole case set through the engine with the semantic layer on (the real MiniLM model).</summary>
public sealed class SemanticCaseSetFixture() : CaseSetFixture(TextEncoders.Create(new SemanticOptions { Enabled = true }));

/// <summary>
/// The case set in semantic mode (Answers:Semantic:Enabled true): the same files and judge as
/// <see cref="CaseSetTests"/> and <see cref="RetiredSetTests"/>, with floors at the levels measured in
/// this mode (regression guards; the bars are in src/Bot.Answers/Retrieval/README.md).
/// </summary>
[Trait("Category", "Slow")]
public sealed class SemanticCaseSetTests(SemanticCaseSetFixture fixture) : IClassFixture<SemanticCaseSetFixture>
{
    [Fact]
    public void The_engine_runs_in_semantic_mode()
    {
        Assert.NotNull(fixture.Engine.Semantic);
        Assert.True(fixture.Engine.Retriever.IsSemantic);
    }

    [Fact]
    public void Fact_questions_of_both_editions_get_the_right_fact_first_at_their_measured_level()
    {
        Assert.True(fixture.FirstEdition.Top1 >= 0.96, $"first edition top-1 {fixture.FirstEdition.Top1:P1}");
        Assert.True(fixture.SecondEdition.Top1 >= 0.69, $"second edition top-1 {fixture.SecondEdition.Top1:P1}");
    }

    [Theory]
    [InlineData(EvalCategories.Fact, 0.73)]
    [InlineData(EvalCategories.Robustness, 0.68)]
    [InlineData(EvalCategories.MultiTurn, 0.64)]
    [InlineData(EvalCategories.Scope, 0.90)]
    [InlineData(EvalCategories.SmallTalk, 0.72)]
    public void The_retired_set_does_not_fall_below_its_measured_level_in_semantic_mode(string category, double floor)
    {
        Assert.True(fixture.Retired.CategoryRate(category) >= floor,
            $"{category} {fixture.Retired.CategoryRate(category):P1} < {floor:P1}\n" + RetiredSetTests.Failures(fixture.Retired, category));
    }

    /// <summary>
    /// Emergency recall and the public set hold. False alarms are not asserted here: in this mode the safety
    /// triage's example bank also votes, and its thresholds are the safety helper's to calibrate (measured:
    /// 4 false alarms on the project cases, the reason the semantic layer is off by default).
    /// </summary>
    [Fact]
    public void Emergency_recall_and_the_public_set_hold_in_semantic_mode()
    {
        Assert.Equal(1.0, fixture.Project.EmergencyRecall);
        Assert.True(fixture.Public.PassRate == 1.0, string.Join("\n", fixture.Public.Results.Where(r => !r.Passed).Select(r => r.Case.Id + ": " + string.Join("; ", r.Failures))));
    }
}
