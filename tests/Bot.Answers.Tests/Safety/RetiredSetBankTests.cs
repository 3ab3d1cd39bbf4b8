using Bot.Answers.Evaluation;
using Bot.Answers.Text;

namespace Bot.Answers.Tests.Safety;

/// <summary>
/// The retired held-out sets are part of the example bank (knowledge/safety/examples/retired-N.yaml): the bank file and
/// the case file must hold the same messages with the same labels, so the leave-one-set-out figures leave out exactly
/// the set they score. Also the rules alone on the retired sets (the lexical engine, no model).
/// </summary>
public sealed class RetiredSetBankTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    private string CaseFile(int set) => Path.Combine(fixture.Root, "..", "tests", "Bot.Answers.Tests", "Cases", $"safety-retired-{set}.json");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void The_bank_holds_every_message_of_a_retired_set_with_its_label_and_nothing_else_from_that_file(int set)
    {
        var file = $"safety/examples/retired-{set}.yaml";
        var bank = fixture.Safety.Examples.Where(e => e.File == file).Select(e => (e.Text, e.Label)).ToHashSet();
        var cases = SafetyCase.Load(CaseFile(set)).Select(c => (c.Ask.Trim(), c.ExpectSituation ?? "none")).ToHashSet();
        Assert.NotEmpty(bank);
        Assert.Equal(cases.Count, bank.Count);
        Assert.Empty(cases.Except(bank));
    }

    /// <summary>
    /// The lexical engine (rules alone; the rules were edited with the retired sets in view, so this is a regression
    /// guard, not a blind figure). Set 3 was run blind with rules written before it (recall 68.3%, false alarms 8.4%);
    /// the rules edited from its failures reach 84.9% and 0.9% on it (optimistic: written with its messages in view).
    /// </summary>
    [Theory]
    [InlineData(1, 0.85, 0.01)]
    [InlineData(2, 0.85, 0.01)]
    [InlineData(3, 0.88, 0.015)]
    [InlineData(4, 0.80, 0.05)]
    [InlineData(5, 0.87, 0.075)]
    [InlineData(6, 0.95, 0.015)]
    [InlineData(7, 0.96, 0.025)]
    [InlineData(8, 0.91, 0.05)]
    [InlineData(9, 0.87, 0.06)]
    public void The_rules_alone_keep_their_level_on_a_retired_set(int set, double recall, double falseAlarms)
    {
        var report = SafetyEvaluator.Run(fixture.Engine, SafetyCase.Load(CaseFile(set)));
        Assert.True(report.UrgentRecall >= recall, report.Summary(listFailures: false));
        Assert.True(report.FalseAlarmRate <= falseAlarms, report.Summary(listFailures: false));
        Assert.True(report.LocaleAccuracy >= 0.97, report.Summary(listFailures: false));
    }

    [Fact]
    public void A_case_text_matches_its_bank_example_after_normalisation_as_the_calibration_compares_them()
    {
        var first = SafetyCase.Load(CaseFile(2))[0].Ask;
        var bank = fixture.Safety.Examples.First(e => e.File == "safety/examples/retired-2.yaml").Text;
        Assert.Equal(TextNormalizer.Normalize(first, TextNormalizer.HardLimit).Full, TextNormalizer.Normalize(bank, TextNormalizer.HardLimit).Full);
    }
}
