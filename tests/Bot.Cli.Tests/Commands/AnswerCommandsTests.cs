using System.Text.Json;
using Bot.Cli.Commands;
using Bot.Knowledge.Tests.Fixtures;

namespace Bot.Cli.Tests.Commands;

public sealed class AnswerCommandsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cli-answers-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Root => RepositoryPaths.RepositoryRoot;

    [Fact]
    public async Task Ask_prints_a_cited_answer_with_sources_advice_and_the_first_answer_disclaimer()
    {
        var (exit, output, error) = await CommandRunner.RunAsync(new AskCommand(), Root, "what causes hemifacial spasm");

        Assert.True(exit == 0, error);
        Assert.Matches(@"\[1\]", output);
        Assert.Contains("Sources:\n1. [", output, StringComparison.Ordinal);
        Assert.Matches(@"\]\(https?://[^)]+\) — .+, \d{4}", output);
        Assert.Contains("neurologist", output, StringComparison.Ordinal);
        Assert.Contains("not a diagnosis", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--semantic" }, true)]
    [InlineData(new[] { "--lexical" }, false)]
    public void The_answer_commands_run_the_semantic_engine_unless_told_lexical(string[] flags, bool semantic)
    {
        using var output = new StringWriter();
        var context = new CommandContext(TextReader.Null, output, output, Root);
        var options = AnswerCommandSupport.Parse(flags, context, "ask", new HashSet<string>(), new HashSet<string>());
        Assert.NotNull(options);

        var created = AnswerCommandSupport.CreateEngine(options, context, "ask");

        Assert.True(created is not null, output.ToString());
        using var engine = created.Value.Engine;
        Assert.Equal(semantic, engine.Retriever.IsSemantic);
        Assert.Equal(semantic, engine.Triage.Semantic is not null);
    }

    [Fact]
    public async Task Ask_not_first_leaves_out_the_disclaimer()
    {
        var (_, output, _) = await CommandRunner.RunAsync(new AskCommand(), Root, "what causes hemifacial spasm", "--not-first");
        Assert.DoesNotContain("not a diagnosis", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_json_prints_the_answer_object()
    {
        var (exit, output, error) = await CommandRunner.RunAsync(new AskCommand(), Root, "--json", "What is microvascular decompression?");

        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("fact", root.GetProperty("kind").GetString());
        Assert.True(root.GetProperty("factIds").GetArrayLength() >= 1);
        Assert.True(root.GetProperty("score").GetDouble() > 0);
        var citation = root.GetProperty("citations")[0];
        Assert.Equal(1, citation.GetProperty("number").GetInt32());
        Assert.StartsWith("http", citation.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("neurosurgeon", root.GetProperty("advice").GetString(), StringComparison.Ordinal);
        Assert.Contains("Sources:", root.GetProperty("markdown").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_sends_an_emergency_first_and_alone()
    {
        var (exit, output, _) = await CommandRunner.RunAsync(new AskCommand(), Root, "--json", "my face suddenly drooped and my speech is slurred");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("emergency", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("citations").GetArrayLength());
        Assert.Contains("emergency number", doc.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_without_a_question_is_a_usage_error()
    {
        var (exit, _, error) = await CommandRunner.RunAsync(new AskCommand(), Root);
        Assert.Equal(2, exit);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_with_a_missing_knowledge_folder_fails_clearly()
    {
        var (exit, _, error) = await CommandRunner.RunAsync(new AskCommand(), Root, "--knowledge", Path.Combine(_dir.FullName, "nope"), "hello");
        Assert.Equal(1, exit);
        Assert.Contains("ask:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_writes_a_directory_that_ask_can_answer_from()
    {
        var db = Path.Combine(_dir.FullName, "index");
        var (exit, output, error) = await CommandRunner.RunAsync(new IndexCommand(), Root, "--out", db);
        Assert.True(exit == 0, error);
        Assert.Contains("indexed", output, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(db));

        var (askExit, answer, askError) = await CommandRunner.RunAsync(new AskCommand(), Root, "--index", db, "how is hemifacial spasm diagnosed");
        Assert.True(askExit == 0, askError);
        Assert.Contains("Sources:", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_refuses_an_index_path_that_is_not_an_index()
    {
        var db = Path.Combine(_dir.FullName, "junk.db");
        await File.WriteAllTextAsync(db, "not an index");
        var (exit, _, error) = await CommandRunner.RunAsync(new AskCommand(), Root, "--index", db, "hello");
        Assert.Equal(1, exit);
        Assert.Contains("not a knowledge index", error, StringComparison.Ordinal);
        var junkDirectory = Path.Combine(_dir.FullName, "junk");
        Directory.CreateDirectory(junkDirectory);
        await File.WriteAllTextAsync(Path.Combine(junkDirectory, "segments_1"), "not an index");
        (exit, _, error) = await CommandRunner.RunAsync(new AskCommand(), Root, "--index", junkDirectory, "hello");
        Assert.Equal(1, exit);
        Assert.Contains("knowledge index", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_without_out_is_a_usage_error()
    {
        var (exit, _, error) = await CommandRunner.RunAsync(new IndexCommand(), Root);
        Assert.Equal(2, exit);
        Assert.Contains("--out", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_prints_category_rates_and_passes_when_thresholds_are_met()
    {
        var cases = Path.Combine(_dir.FullName, "cases.json");
        await File.WriteAllTextAsync(cases, """
            [
              {"id": "a", "ask": "What is hemifacial spasm?", "category": "fact", "expect_any": ["one side"]},
              {"id": "b", "ask": "my face suddenly drooped", "category": "emergency", "expect_all": ["emergency"]},
              {"id": "c", "ask": "hello", "category": "chitchat"}
            ]
            """);
        var (exit, output, error) = await CommandRunner.RunAsync(new EvalCommand(), Root, cases, "--min-pass", "100%", "--min-emergency", "1", "--min", "fact=0.9");

        Assert.True(exit == 0, error + output);
        Assert.Contains("emergency", output, StringComparison.Ordinal);
        Assert.Contains("3 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_lists_failures_and_exits_1_below_a_threshold()
    {
        var cases = Path.Combine(_dir.FullName, "cases.json");
        await File.WriteAllTextAsync(cases, """
            [
              {"id": "wrong", "ask": "What is hemifacial spasm?", "category": "fact", "expect_facts": ["no-such-fact"]},
              {"id": "ok", "ask": "hello", "category": "chitchat"}
            ]
            """);
        var (exit, output, error) = await CommandRunner.RunAsync(new EvalCommand(), Root, cases, "--min-fact", "0.95");

        Assert.Equal(1, exit);
        Assert.Contains("FAIL wrong", output, StringComparison.Ordinal);
        Assert.Contains("fact top-1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_rejects_a_malformed_case_file_and_bad_rates()
    {
        var cases = Path.Combine(_dir.FullName, "bad.json");
        await File.WriteAllTextAsync(cases, "{ not json");
        var (exit, _, error) = await CommandRunner.RunAsync(new EvalCommand(), Root, cases);
        Assert.Equal(1, exit);
        Assert.Contains("not a list of cases", error, StringComparison.Ordinal);

        var (exit2, _, error2) = await CommandRunner.RunAsync(new EvalCommand(), Root, cases, "--min-fact", "lots");
        Assert.Equal(2, exit2);
        Assert.Contains("--min-fact", error2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_answers_each_line_with_the_disclaimer_on_the_first_answer_only_and_keeps_history()
    {
        using var input = new StringReader("what causes hemifacial spasm\n1\n/history\n/quit\n");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new ChatCommand().RunAsync([], new CommandContext(input, output, error, Root), CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Equal(1, CountOf(text, "not a diagnosis"));
        Assert.Contains("You could also ask:\n1. ", text, StringComparison.Ordinal);
        Assert.Contains("  1. what causes hemifacial spasm  -> Fact", text, StringComparison.Ordinal);
        Assert.Contains("  2. ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ends_cleanly_at_the_end_of_input()
    {
        using var input = new StringReader("hello\n");
        using var output = new StringWriter();
        var exit = await new ChatCommand().RunAsync([], new CommandContext(input, output, TextWriter.Null, Root), CancellationToken.None);
        Assert.Equal(0, exit);
        Assert.Contains("hemifacial spasm", output.ToString(), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
