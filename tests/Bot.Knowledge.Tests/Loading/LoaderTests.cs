using Bot.Knowledge.Loading;
using Bot.Knowledge.Tests.Fixtures;

namespace Bot.Knowledge.Tests.Loading;

/// <summary>Each loader on its own, over the fixture folder: what it reads, and that it makes no check that belongs to another.</summary>
public sealed class LoaderTests : IDisposable
{
    private readonly KnowledgeFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    private LoadContext Context() => new(fixture.Root, new DateOnly(2026, 12, 1));

    [Fact]
    public void The_references_loader_reads_every_reference_with_its_tier_and_location()
    {
        var c = Context();
        var references = ReferencesLoader.Load(c);
        Assert.Empty(c.Problems.ToSortedList());
        Assert.Equal(["ninds", "uman"], references.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Model.ReferenceTier.C, references["uman"].Tier);
        Assert.Equal(new Model.SourceLocation("references.yaml", fixture.LineOf("references.yaml", "- id: uman")), references["uman"].Location);
        Assert.Null(references["ninds"].Accessed);
    }

    [Fact]
    public void The_sources_loader_reads_the_committed_cleaned_text_without_rerunning_the_cleaner()
    {
        fixture.Replace("sources/001_fixture.cleaned.txt", "twitching of one side", "twitching of both sides");
        var c = Context();
        var sentences = SourcesLoader.Load(c);
        Assert.Empty(c.Problems.ToSortedList());
        Assert.Contains("both sides", sentences["S001.p01.s01"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sources_loader_reports_a_missing_cleaned_text_with_the_command_that_writes_it()
    {
        File.Delete(Path.Combine(fixture.Root, "sources", "001_fixture.cleaned.txt"));
        var c = Context();
        Assert.Empty(SourcesLoader.Load(c));
        var p = Assert.Single(c.Problems.ToSortedList());
        Assert.Equal(new KnowledgeProblem("sources/001_fixture.cleaned.txt", 1, "is missing: regenerate it with `dotnet run --project src/Bot.Cli -- clean knowledge/sources/001_fixture.txt`"), p);
    }

    [Fact]
    public void The_facts_loader_reads_facts_and_lists_their_provenance_without_resolving_it()
    {
        fixture.Replace("facts/basics.yaml", "provenance: [S001.p01.s01]", "provenance: [S001.p09.s09]");
        var c = Context();
        var result = FactsLoader.Load(c, ReferencesLoader.Load(c));
        Assert.Empty(c.Problems.ToSortedList());
        Assert.Equal(["fact-one", "fact-two"], result.Facts.Select(f => f.Id));
        var entry = Assert.Single(result.Provenance);
        Assert.Equal("S001.p09.s09", entry.SentenceId);
        Assert.Equal(new Model.SourceLocation("facts/basics.yaml", fixture.LineOf("facts/basics.yaml", "S001.p09.s09")), entry.Where);
    }

    [Fact]
    public void The_synonyms_loader_reads_each_group()
    {
        var c = Context();
        var group = Assert.Single(SynonymsLoader.Load(c));
        Assert.Equal("spasm", group.Canonical);
        Assert.Equal(["twitch", "twitching"], group.Terms);
    }

    [Fact]
    public void The_texts_loader_requires_every_text_key()
    {
        var c = Context();
        Assert.Equal(KnowledgeLoader.RequiredTextKeys.Count, TextsLoader.Load(c).Count);
        fixture.Replace("safety/texts.yaml", "help: Text for help.\n", "");
        var broken = Context();
        TextsLoader.Load(broken);
        Assert.Equal("is missing the required text 'help' (Bot.Knowledge.Model.TextKeys)", Assert.Single(broken.Problems.ToSortedList()).Message);
    }

    [Fact]
    public void The_safety_rules_loader_reads_each_rule_with_its_kind_and_references()
    {
        var c = Context();
        var rules = SafetyRulesLoader.Load(c, ReferencesLoader.Load(c));
        Assert.Empty(c.Problems.ToSortedList());
        Assert.Equal([Model.SafetyRuleKind.Emergency, Model.SafetyRuleKind.Crisis], rules.Select(r => r.Kind));
        Assert.Equal(["ninds"], rules[0].ReferenceIds);
    }

    [Fact]
    public void The_refusals_loader_checks_each_text_key_against_the_texts()
    {
        var c = Context();
        var refusal = Assert.Single(RefusalsLoader.Load(c, new Dictionary<string, string>(StringComparer.Ordinal) { ["no_dosing"] = "No doses." }));
        Assert.Equal("no_dosing", refusal.TextKey);
        var other = Context();
        RefusalsLoader.Load(other, new Dictionary<string, string>(StringComparer.Ordinal) { ["welcome"] = "Hello." });
        Assert.StartsWith("refusal topic 'dosing': unknown text key 'no_dosing'", Assert.Single(other.Problems.ToSortedList()).Message, StringComparison.Ordinal);
    }
}
