using Bot.Knowledge.Model;
using Bot.Knowledge.Tests.Fixtures;

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
    public void Every_fact_was_reviewed_on_the_review_date()
    {
        Assert.All(Kb.Facts, f => Assert.Equal(new DateOnly(2026, 11, 22), f.Reviewed));
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
}
