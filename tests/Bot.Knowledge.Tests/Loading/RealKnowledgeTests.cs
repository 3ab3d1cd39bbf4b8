using Bot.Knowledge.Model;
using Bot.Knowledge.Tests.Fixtures;
using Bot.Knowledge.Tests.TestData;
using Bot.Knowledge.Validation;

namespace Bot.Knowledge.Tests.Loading;

/// <summary>The validator over the real knowledge/ folder of the repository.</summary>
public sealed class RealKnowledgeTests
{
    private static readonly KnowledgeLoadResult Result = KnowledgeLoader.Load(RepositoryPaths.KnowledgeRoot);

    private static KnowledgeBase Kb
    {
        get
        {
            Assert.True(Result.KnowledgeBase is not null, "knowledge/ has problems:\n" + string.Join("\n", Result.Problems));
            return Result.KnowledgeBase!;
        }
    }

    private static Fact FactById(string id) => Assert.Single(Kb.Facts, f => f.Id == id);

    [Fact]
    public void The_real_knowledge_base_has_no_problems()
    {
        Assert.True(Result.Problems.Count == 0, "knowledge/ has problems:\n" + string.Join("\n", Result.Problems));
    }

    [Fact]
    public void Every_figure_of_the_real_knowledge_is_recorded_by_a_reference_its_claim_cites()
    {
        var figureWarnings = Result.Warnings.Where(w => w.Message.Contains("states", StringComparison.Ordinal) && !w.Message.Contains("review overdue", StringComparison.Ordinal)).ToArray();
        Assert.True(figureWarnings.Length == 0, "figures not traced to a cited reference:\n" + string.Join("\n", figureWarnings));
    }

    [Fact]
    public void Every_fact_records_who_reviewed_it_when_and_when_it_is_due_again_within_a_year()
    {
        Assert.All(Kb.Facts, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Review.By), f.Id);
            Assert.InRange(f.Review.Due, f.Review.On.AddDays(1), f.Review.On.AddYears(1));
        });
    }

    [Fact]
    public void Every_claim_cites_references_that_exist_and_at_least_one_of_tier_A()
    {
        Assert.All(Kb.Facts.SelectMany(f => f.Claims), c =>
        {
            Assert.NotEmpty(c.ReferenceIds);
            Assert.Contains(c.ReferenceIds, id => Kb.References[id].Tier == ReferenceTier.A);
        });
    }

    [Fact]
    public void Every_fact_about_an_operation_is_marked_surgical()
    {
        var surgery = Kb.Facts.Where(f => f.Topic == "surgery").ToArray();
        Assert.NotEmpty(surgery);
        Assert.All(surgery, f => Assert.True(f.IsSurgical, $"{f.Id} is about surgery but not marked surgical"));
    }

    [Fact]
    public void The_cause_answer_names_the_blood_vessel_and_the_facial_nerve()
    {
        var answer = FactById("hfs-cause").Answer;
        Assert.Contains("artery", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("facial nerve", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("root exit zone", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_age_answer_gives_typical_onset_in_the_40s_and_50s()
    {
        var answer = FactById("hfs-age").Answer;
        Assert.Contains("40s", answer, StringComparison.Ordinal);
        Assert.Contains("50s", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void The_blepharospasm_answer_says_both_eyes()
    {
        Assert.Contains("both eyes", FactById("ddx-blepharospasm").Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void The_botulinum_toxin_repeat_answer_says_months()
    {
        Assert.Contains("months", FactById("botox-how-long").Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_sources_disagree_the_answer_says_so()
    {
        foreach (var id in new[] { "hfs-which-side", "hfs-ethnicity", "hfs-young-onset" })
        {
            Assert.Contains("disagree", FactById(id).Answer, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Every_reference_id_used_by_the_answer_engines_safety_rules_resolves()
    {
        Assert.All(Kb.SafetyRules.SelectMany(r => r.ReferenceIds), id => Assert.True(Kb.References.ContainsKey(id), id));
    }

    [Fact]
    public void The_real_knowledge_base_has_at_least_60_facts()
    {
        Assert.True(Kb.Facts.Count >= 60, $"only {Kb.Facts.Count} facts");
    }

    [Theory]
    [InlineData("hfs-what-is-it")]
    [InlineData("hfs-first-symptom")]
    [InlineData("hfs-spread")]
    [InlineData("hfs-atypical-onset")]
    [InlineData("hfs-during-sleep")]
    [InlineData("hfs-triggers")]
    [InlineData("hfs-painless")]
    [InlineData("hfs-other-babinski-sign")]
    [InlineData("hfs-vision-driving")]
    [InlineData("hfs-ear-clicking")]
    [InlineData("hfs-cause")]
    [InlineData("hfs-arteries")]
    [InlineData("hfs-mechanism")]
    [InlineData("hfs-secondary-causes")]
    [InlineData("hfs-tumours")]
    [InlineData("hfs-after-bells-palsy")]
    [InlineData("hfs-injury-ms-aneurysm")]
    [InlineData("hfs-hypertension")]
    [InlineData("hfs-family-history")]
    [InlineData("hfs-how-common")]
    [InlineData("hfs-sex")]
    [InlineData("hfs-age")]
    [InlineData("hfs-ethnicity")]
    [InlineData("hfs-which-side")]
    [InlineData("hfs-one-side-only")]
    [InlineData("hfs-young-onset")]
    [InlineData("hfs-diagnosis-how")]
    [InlineData("hfs-mri")]
    [InlineData("hfs-emg")]
    [InlineData("ddx-blepharospasm")]
    [InlineData("ddx-eyelid-myokymia")]
    [InlineData("ddx-tics")]
    [InlineData("ddx-synkinesis")]
    [InlineData("ddx-focal-seizures")]
    [InlineData("ddx-other-lookalikes")]
    [InlineData("botox-what-is-it")]
    [InlineData("botox-how-well")]
    [InlineData("botox-how-long")]
    [InlineData("botox-side-effects")]
    [InlineData("meds-oral-role")]
    [InlineData("mvd-what-is-it")]
    [InlineData("mvd-how-done")]
    [InlineData("mvd-success")]
    [InlineData("mvd-delayed-relief")]
    [InlineData("mvd-recurrence")]
    [InlineData("mvd-hearing-loss")]
    [InlineData("radiosurgery")]
    [InlineData("alternative-remedies")]
    [InlineData("outlook-course")]
    [InlineData("outlook-not-dangerous")]
    [InlineData("coping-support")]
    [InlineData("hfs-history")]
    [InlineData("hfs-when-to-see-doctor")]
    [InlineData("hfs-emergency-signs")]
    public void Every_topic_the_issue_lists_has_a_fact(string id)
    {
        Assert.Contains(Kb.Facts, f => f.Id == id);
    }

    [Theory]
    [MemberData(nameof(SeedCorrections.Rows), MemberType = typeof(SeedCorrections))]
    public void Every_wrong_or_unsupported_seed_claim_is_corrected_in_a_fact(string row, string correctingFact)
    {
        Assert.True(Kb.Facts.Any(f => f.Id == correctingFact), $"{row}: the correcting fact '{correctingFact}' does not exist");
    }

    [Theory]
    [MemberData(nameof(SeedCorrections.Unpublished), MemberType = typeof(SeedCorrections))]
    public void A_seed_claim_left_unpublished_appears_in_no_answer(string row, string words, string? sentenceId)
    {
        Assert.DoesNotContain(Kb.Facts, f => f.Answer.Contains(words, StringComparison.OrdinalIgnoreCase));
        if (sentenceId is not null)
        {
            Assert.True(Kb.Facts.All(f => !f.Provenance.Contains(sentenceId)), $"{row}: {sentenceId} is cited as provenance");
        }
    }

    [Theory]
    [MemberData(nameof(SeedCorrections.WrongStatements), MemberType = typeof(SeedCorrections))]
    public void Every_wrong_seed_statement_is_caught_by_the_banned_wording(string statement)
    {
        Assert.NotEmpty(BannedWording.Find(statement));
    }

    [Fact]
    public void No_answer_states_a_dose_or_a_unit()
    {
        var dose = new System.Text.RegularExpressions.Regex(@"\b\d+(?:\.\d+)?\s*(?:mg|milligrams?|units?|iu|ml|mcg)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        Assert.All(Kb.Facts, f => Assert.False(dose.IsMatch(f.Answer), $"{f.Id} states a dose: {f.Answer}"));
    }

    [Fact]
    public void Every_fact_with_seed_provenance_cites_a_sentence_that_survived_cleaning()
    {
        var cited = Kb.Facts.SelectMany(f => f.Provenance).Where(p => p != Fact.AddedFromReferences).ToArray();
        Assert.NotEmpty(cited);
        Assert.All(cited, p => Assert.True(Kb.SourceSentences.ContainsKey(p), p));
    }
}
