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
        // Measured 2026-12-02 03:58 UTC: 96.7% and 73.3%; floors about three cases below.
        Assert.True(fixture.FirstEdition.Top1 >= 0.955, $"first edition top-1 {fixture.FirstEdition.Top1:P1}");
        Assert.True(fixture.SecondEdition.Top1 >= 0.71, $"second edition top-1 {fixture.SecondEdition.Top1:P1}");
    }

    [Theory]
    [InlineData(1, EvalCategories.Fact, 0.73)]
    [InlineData(1, EvalCategories.Robustness, 0.66)]
    [InlineData(1, EvalCategories.MultiTurn, 0.64)]
    [InlineData(1, EvalCategories.Scope, 0.84)]
    [InlineData(1, EvalCategories.SmallTalk, 0.82)]
    [InlineData(2, EvalCategories.Fact, 0.78)]
    [InlineData(2, EvalCategories.Robustness, 0.64)]
    [InlineData(2, EvalCategories.MultiTurn, 0.49)]
    [InlineData(2, EvalCategories.Scope, 0.91)]
    [InlineData(2, EvalCategories.SmallTalk, 0.85)]
    [InlineData(3, EvalCategories.Fact, 0.70)]
    [InlineData(3, EvalCategories.Robustness, 0.70)]
    [InlineData(3, EvalCategories.MultiTurn, 0.57)]
    [InlineData(3, EvalCategories.Scope, 0.88)]
    [InlineData(3, EvalCategories.SmallTalk, 0.75)]
    [InlineData(4, EvalCategories.Fact, 0.79)]
    [InlineData(4, EvalCategories.Robustness, 0.82)]
    [InlineData(4, EvalCategories.MultiTurn, 0.60)]
    [InlineData(4, EvalCategories.Scope, 0.95)]
    [InlineData(4, EvalCategories.SmallTalk, 0.66)]
    [InlineData(5, EvalCategories.Fact, 0.79)]
    [InlineData(5, EvalCategories.Robustness, 0.63)]
    [InlineData(5, EvalCategories.MultiTurn, 0.58)]
    [InlineData(5, EvalCategories.Scope, 0.85)]
    [InlineData(5, EvalCategories.SmallTalk, 0.83)]
    [InlineData(6, EvalCategories.Fact, 0.80)]
    [InlineData(6, EvalCategories.Robustness, 0.77)]
    [InlineData(6, EvalCategories.MultiTurn, 0.63)]
    [InlineData(6, EvalCategories.Scope, 0.92)]
    [InlineData(6, EvalCategories.SmallTalk, 0.77)]
    [InlineData(7, EvalCategories.Fact, 0.71)]
    [InlineData(7, EvalCategories.Robustness, 0.59)]
    [InlineData(7, EvalCategories.MultiTurn, 0.38)]
    [InlineData(7, EvalCategories.Scope, 0.90)]
    [InlineData(7, EvalCategories.SmallTalk, 0.70)]
    [InlineData(8, EvalCategories.Fact, 0.77)]
    [InlineData(8, EvalCategories.Robustness, 0.65)]
    [InlineData(8, EvalCategories.MultiTurn, 0.58)]
    [InlineData(8, EvalCategories.Scope, 0.90)]
    [InlineData(8, EvalCategories.SmallTalk, 0.75)]
    [InlineData(9, EvalCategories.Fact, 0.81)]
    [InlineData(9, EvalCategories.Robustness, 0.69)]
    [InlineData(9, EvalCategories.MultiTurn, 0.60)]
    [InlineData(9, EvalCategories.Scope, 0.80)]
    [InlineData(9, EvalCategories.SmallTalk, 0.77)]
    public void The_retired_sets_do_not_fall_below_their_measured_level_in_semantic_mode(int set, string category, double floor)
    {
        // Measured 2026-12-02 03:58 UTC, semantic: set 1 fact 75.2%, robustness 69.1%, multi-turn 69.6%,
        // scope 90.9%, small talk 89.7%; set 2 fact 80.5%, robustness 67.1%, multi-turn 53.4%, scope 97.1%,
        // small talk 92.9%. Floors about three cases below (two where a category has ~30 cases).
        // Set 3, measured 2026-12-02 06:40 UTC when it was retired (before any tuning on it), semantic:
        // fact 118/163, robustness 51/77, multi-turn 32/57, scope 33/35, small talk 26/32; after this session's
        // changes (07:06 UTC) fact 118, robustness 57, multi-turn 35, scope 33, small talk 26. Floors under the latter.
        // Set 4, measured in process 2026-12-02 17:55 UTC when it was retired (a0ed302, before any tuning on it), semantic:
        // fact 152/187, robustness 76/89, multi-turn 38/59, scope 41/41, small talk 26/36.
        // Set 5, measured in process 2026-12-02 18:28 UTC when it was retired (9a0a6c6, run once blind before), semantic:
        // fact 171/208, robustness 61/91, multi-turn 38/60, scope 37/41, small talk 32/36.
        // Set 6, measured in process 2026-12-03 12:20 UTC on 653d61e (its one blind run, before it was retired), semantic:
        // fact 165/200, robustness 73/90, multi-turn 40/60, scope 40/42, small talk 29/36.
        // Set 7, measured in process 2026-12-03 16:05 UTC on aaf565d (run once blind on e65153f, then retired before any work), semantic:
        // fact 141/191, robustness 62/100, multi-turn 26/60, scope 38/40, small talk 30/40.
        // Set 8, run once blind in process on 74e637c (fact 148/190, robustness 67/100, multi-turn 37/60, scope 37/40,
        // small talk 32/40), retired before any work; after the session's first changes: 151, 68, 37, 37, 32.
        // Set 9, run once blind in process on c65be2c (fact 159/190, robustness 72/100, multi-turn 38/60, scope 33/40,
        // small talk 32/40; botcheck2 on the host: 359/430), retired at the start of the ninth session (same on e9e62df).
        var report = RetiredSetTests.Report(fixture, set);
        Assert.True(report.CategoryRate(category) >= floor,
            $"set {set} {category} {report.CategoryRate(category):P1} < {floor:P1}\n" + RetiredSetTests.Failures(report, category));
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
