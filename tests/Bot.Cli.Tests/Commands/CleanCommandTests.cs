using Bot.Cli.Commands;
using Bot.Knowledge.Tests.Fixtures;

namespace Bot.Cli.Tests.Commands;

public sealed class CleanCommandTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("cli-clean-");

    public void Dispose() => dir.Delete(recursive: true);

    [Fact]
    public async Task Clean_writes_the_cleaned_text_and_the_report_next_to_the_raw_page()
    {
        File.WriteAllText(Path.Combine(dir.FullName, "005_page.txt"), "Attacks of zyrtec pills hemispasm increase.\n\n14 May 2023\n\nIt starts at the eye.\n");

        var (exit, output, error) = await CommandRunner.RunAsync(new CleanCommand(), dir.FullName, "005_page.txt");

        Assert.True(exit == 0, error);
        Assert.Contains("005_page.txt: 3 paragraphs, 3 sentences: 1 kept, 1 repaired, 1 removed", output, StringComparison.Ordinal);
        var cleaned = File.ReadAllText(Path.Combine(dir.FullName, "005_page.cleaned.txt"));
        Assert.Contains("S005.p01.s01 [repaired] Attacks of hemispasm increase.\n", cleaned, StringComparison.Ordinal);
        Assert.Contains("S005.p03.s01 It starts at the eye.\n", cleaned, StringComparison.Ordinal);
        Assert.DoesNotContain("14 May 2023", cleaned, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(dir.FullName, "005_page.report.md"));
        Assert.Contains("| S005.p02.s01 | 3 | page artefact: stray date | 14 May 2023 |", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_check_passes_on_the_committed_seed_outputs()
    {
        foreach (var page in new[] { "000_625ad518835aa279.txt", "002_bdc58bb6094bb29d.txt" })
        {
            var (exit, output, error) = await CommandRunner.RunAsync(new CleanCommand(), RepositoryPaths.RepositoryRoot, "--check", $"knowledge/sources/{page}");
            Assert.True(exit == 0, error);
            Assert.Contains("outputs up to date", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Clean_check_fails_when_an_output_was_edited()
    {
        File.WriteAllText(Path.Combine(dir.FullName, "005_page.txt"), "It starts at the eye.\n");
        await CommandRunner.RunAsync(new CleanCommand(), dir.FullName, "005_page.txt");
        File.AppendAllText(Path.Combine(dir.FullName, "005_page.cleaned.txt"), "S005.p09.s01 Invented.\n");

        var (exit, _, error) = await CommandRunner.RunAsync(new CleanCommand(), dir.FullName, "005_page.txt", "--check");

        Assert.Equal(1, exit);
        Assert.Contains("005_page.cleaned.txt is missing or out of date", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_is_reproducible()
    {
        File.WriteAllText(Path.Combine(dir.FullName, "005_page.txt"), "Buy reglan online now. It starts at the eye.\n");
        await CommandRunner.RunAsync(new CleanCommand(), dir.FullName, "005_page.txt");
        var first = File.ReadAllText(Path.Combine(dir.FullName, "005_page.report.md"));
        await CommandRunner.RunAsync(new CleanCommand(), dir.FullName, "005_page.txt");
        Assert.Equal(first, File.ReadAllText(Path.Combine(dir.FullName, "005_page.report.md")));
    }

    [Theory]
    [InlineData(new string[0], 2, "give exactly one raw page")]
    [InlineData(new[] { "missing.txt" }, 1, "'missing.txt' does not exist")]
    [InlineData(new[] { "a.txt", "--fast" }, 2, "unknown option '--fast'")]
    public async Task Clean_explains_bad_arguments(string[] args, int expectedExit, string message)
    {
        var (exit, _, error) = await CommandRunner.RunAsync(new CleanCommand(), dir.FullName, args);
        Assert.Equal(expectedExit, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_refuses_a_page_without_a_numeric_prefix()
    {
        File.WriteAllText(Path.Combine(dir.FullName, "page.txt"), "Text.\n");
        var (exit, _, error) = await CommandRunner.RunAsync(new CleanCommand(), dir.FullName, "page.txt");
        Assert.Equal(1, exit);
        Assert.Contains("must start with a number and an underscore", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_refuses_to_clean_its_own_output()
    {
        File.WriteAllText(Path.Combine(dir.FullName, "005_page.cleaned.txt"), "x\n");
        var (exit, _, error) = await CommandRunner.RunAsync(new CleanCommand(), dir.FullName, "005_page.cleaned.txt");
        Assert.Equal(1, exit);
        Assert.Contains("is not a raw page", error, StringComparison.Ordinal);
    }
}
