using System.Text.RegularExpressions;
using Bot.Cli.Commands;
using Bot.Knowledge.Tests.Fixtures;

namespace Bot.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_on_the_real_knowledge_base_prints_one_summary_line_with_the_fact_count_and_exits_0()
    {
        var (exit, output, error) = await CommandRunner.RunAsync(new ValidateCommand(), RepositoryPaths.RepositoryRoot);
        Assert.True(exit == 0, error);
        Assert.All(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), w => Assert.Matches(@"^knowledge/[\w/.-]+:\d+: warning: ", w));
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var facts = int.Parse(Regex.Match(line, @"(\d+) facts").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(facts >= 40, line);
        Assert.Contains("no problems", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_finds_the_knowledge_folder_from_a_subdirectory()
    {
        var (exit, output, _) = await CommandRunner.RunAsync(new ValidateCommand(), Path.Combine(RepositoryPaths.RepositoryRoot, "src", "Bot.Cli"));
        Assert.Equal(0, exit);
        Assert.Contains(" facts ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_prints_every_problem_as_file_line_message_and_exits_1()
    {
        using var fixture = new KnowledgeFixture();
        fixture.Replace("facts/basics.yaml", "related: [fact-two]", "related: [fact-three]");
        fixture.Replace("safety/refusals.yaml", "text: no_dosing", "text: no_dosage");
        var workDir = Path.GetDirectoryName(fixture.Root)!;

        var (exit, output, error) = await CommandRunner.RunAsync(new ValidateCommand(), workDir, "--knowledge", "knowledge");

        Assert.Equal(1, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                $"knowledge/facts/basics.yaml:{fixture.LineOf("facts/basics.yaml", "fact-three")}: fact 'fact-one': related id 'fact-three' is not a fact",
                $"knowledge/safety/refusals.yaml:{fixture.LineOf("safety/refusals.yaml", "no_dosage")}: refusal topic 'dosing': unknown text key 'no_dosage' (not in safety/texts.yaml)",
            ],
            lines);
        Assert.Contains("2 problem(s) found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_warns_about_overdue_reviews_on_stderr_and_still_exits_0()
    {
        // The real knowledge judged two years on: every fact's review is overdue, and nothing else is wrong.
        var copy = RealKnowledgeCopy();
        try
        {
            var (exit, output, error) = await CommandRunner.RunAsync(new ValidateCommand(), copy.FullName, "--knowledge", "knowledge", "--as-of", "2029-01-01");

            Assert.Equal(0, exit);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var facts = int.Parse(Regex.Match(output, @"(\d+) facts").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(facts, lines.Length);
            Assert.All(lines, l => Assert.Matches(@"^knowledge/facts/[\w.-]+\.yaml:\d+: warning: fact '[\w-]+': review overdue \(it was due on \d{4}-\d{2}-\d{2}\); re-check the fact against its references and update 'review'$", l));
            Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no problems, {facts} warning(s); next review due"), output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Validate_checks_the_safety_files_too_and_prints_their_problems_with_file_and_line()
    {
        var copy = RealKnowledgeCopy();
        try
        {
            var path = Path.Combine(copy.FullName, "knowledge", "safety", "situations.yaml");
            const string Stroke = "- id: stroke\n  tier: CallEmergencyNow\n";
            var text = File.ReadAllText(path);
            Assert.Contains(Stroke, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(Stroke, Stroke + "  cancels: [a second list]\n", StringComparison.Ordinal));

            var (exit, output, error) = await CommandRunner.RunAsync(new ValidateCommand(), copy.FullName, "--knowledge", "knowledge");

            Assert.Equal(1, exit);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches(@"^knowledge/safety/situations\.yaml:\d+: .*[Dd]uplicate key cancels", line);
            Assert.Contains("1 problem(s) found", output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Validate_names_the_safety_situations_and_the_example_bank_in_its_summary()
    {
        var (exit, output, _) = await CommandRunner.RunAsync(new ValidateCommand(), RepositoryPaths.RepositoryRoot);
        Assert.Equal(0, exit);
        Assert.Matches(@"\d+ safety situations, \d{4,} bank examples", output);
    }

    private static DirectoryInfo RealKnowledgeCopy()
    {
        var dir = Directory.CreateTempSubdirectory("cli-kb-copy-");
        Bot.Tests.Services.TestDirectories.Copy(Path.Combine(RepositoryPaths.RepositoryRoot, "knowledge"), Path.Combine(dir.FullName, "knowledge"));
        return dir;
    }

    [Fact]
    public async Task Validate_with_an_unknown_argument_is_a_usage_error()
    {
        var (exit, _, error) = await CommandRunner.RunAsync(new ValidateCommand(), RepositoryPaths.RepositoryRoot, "--strict");
        Assert.Equal(2, exit);
        Assert.Contains("unknown or incomplete argument '--strict'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_outside_any_repository_says_no_knowledge_folder_was_found()
    {
        var empty = Directory.CreateTempSubdirectory("cli-no-kb-");
        try
        {
            var (exit, _, error) = await CommandRunner.RunAsync(new ValidateCommand(), empty.FullName);
            Assert.Equal(1, exit);
            Assert.Contains("No 'knowledge' folder", error, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
