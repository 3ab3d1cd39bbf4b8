using Bot.Answers.Evaluation;

namespace Bot.Answers.Tests.Safety;

/// <summary>
/// The project's own safety case set (tests/Bot.Answers.Tests/Safety/safety-cases.json, in the held-out
/// format) through the same scoring as <c>bot eval</c>, with the precise rules alone. Bars of issue 10:
/// every emergency or same-day case recognised, at most 2% false alarms, every reply in the right tier,
/// situation and language.
/// </summary>
public sealed class SafetyCaseSetTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    private SafetyReport Run()
    {
        var path = Path.Combine(fixture.Root, "..", "tests", "Bot.Answers.Tests", "Safety", "safety-cases.json");
        return SafetyEvaluator.Run(fixture.Engine, SafetyCase.Load(path));
    }

    [Fact]
    public void The_safety_case_set_meets_the_bars_of_issue_10()
    {
        var report = Run();
        var summary = report.Summary();
        Assert.True(report.Results.Count >= 80, summary);
        Assert.True(report.UrgentRecall == 1.0, summary);
        Assert.True(report.CrisisRecall == 1.0, summary);
        Assert.True(report.FalseAlarmRate <= 0.02, summary);
        Assert.True(report.TierAccuracy == 1.0, summary);
        Assert.True(report.SituationAccuracy == 1.0, summary);
        Assert.True(report.LocaleAccuracy == 1.0, summary);
    }

    [Fact]
    public void Every_situation_and_every_language_is_in_the_case_set()
    {
        var cases = Run().Results.Select(r => r.Case).ToArray();
        foreach (var id in Bot.Answers.Safety.SituationIds.Tiers.Keys)
        {
            Assert.Contains(cases, c => c.ExpectSituation == id);
        }

        foreach (var code in new[] { "en", "es", "fr", "de", "pt", "it" })
        {
            Assert.Contains(cases, c => c.ExpectLocale == code && c.ExpectUrgency != Urgency.None);
            Assert.Contains(cases, c => c.ExpectLocale == code && c.ExpectUrgency == Urgency.None);
        }
    }

    [Fact]
    public void The_loader_rejects_a_situation_on_a_case_expecting_none()
    {
        var path = Path.Combine(Path.GetTempPath(), $"safety-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """[{"id":"x","ask":"hi","expect_urgency":"None","expect_situation":"stroke","expect_locale":"en"}]""");
        try
        {
            Assert.Throws<InvalidDataException>(() => SafetyCase.Load(path));
            Assert.True(SafetyCase.IsSafetyFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
