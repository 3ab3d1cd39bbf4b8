using System.Text.RegularExpressions;
using Bot.Answers.Query;
using Bot.Answers.Retrieval;

namespace Bot.Answers.Tests.Query;

/// <summary>
/// Security review F3 for message understanding and retrieval: every regular expression they apply to
/// user text (question forms, message shapes, question splitting) runs on the linear-time engine, and
/// 20 KB inputs of the shapes that make backtracking patterns slow are scanned by each of them.
/// </summary>
public sealed class LinearRetrievalPatternTests
{
    private static readonly string[] Adversarial =
    [
        string.Concat(Enumerable.Repeat("and what ", 2_300)),
        string.Concat(Enumerable.Repeat("hi, ", 5_000)),
        string.Concat(Enumerable.Repeat("? ", 10_000)),
        string.Concat(Enumerable.Repeat("it's really so ", 1_400)),
        string.Concat(Enumerable.Repeat("12 times ", 2_300)),
        string.Concat(Enumerable.Repeat(", and also how", 1_500)),
        string.Concat(Enumerable.Repeat("a", 20_000)),
        string.Concat(Enumerable.Repeat("ok okay so ", 1_900)),
        string.Concat(Enumerable.Repeat(": 1 what ", 2_300)),
    ];

    private static IEnumerable<(string Owner, Regex Regex)> AllPatterns() =>
        QuestionForms.Patterns.Select(r => ("QuestionForms", r))
            .Concat(MessageShape.Patterns.Select(r => ("MessageShape", r)))
            .Concat(FactRetriever.Patterns.Select(r => ("FactRetriever", r)));

    [Fact]
    public void Every_retrieval_pattern_applied_to_user_text_runs_on_the_linear_engine()
    {
        var patterns = AllPatterns().ToArray();
        Assert.True(patterns.Length >= 12, $"{patterns.Length} patterns");
        var backtracking = patterns.Where(p => (p.Regex.Options & RegexOptions.NonBacktracking) == 0).Select(p => p.Owner + ": " + p.Regex).ToArray();
        Assert.True(backtracking.Length == 0, string.Join("\n", backtracking));
    }

    [Fact]
    public void Adversarial_20_kb_inputs_are_scanned_by_every_pattern_and_split_into_questions()
    {
        foreach (var input in Adversarial)
        {
            Assert.InRange(input.Length, 16_000, 21_000);
            foreach (var (_, regex) in AllPatterns())
            {
                _ = regex.Count(input);
            }

            Assert.NotEmpty(FactRetriever.QuestionSegments(input));
            _ = QuestionForms.Of(input);
            _ = MessageShape.IsAcknowledgement(input);
            _ = MessageShape.IsArithmetic(input);
        }
    }

    [Theory]
    [InlineData("hello. what is hemifacial spasm? how is it treated", new[] { "what is hemifacial spasm?", "how is it treated" })]
    [InlineData("what causes it?is it serious?", new[] { "what causes it?", "is it serious?" })]
    [InlineData("what is botox, and how long does it last", new[] { "what is botox", "how long does it last" })]
    [InlineData("my face twitches", new[] { "my face twitches" })]
    [InlineData("three questions: 1 what is hfs 2 how is it treated 3 is it hereditary", new[] { "what is hfs", "how is it treated", "is it hereditary" })]
    [InlineData("every 3 months he gets botox", new[] { "every 3 months he gets botox" })]
    public void A_message_is_split_into_the_questions_it_asks(string message, string[] expected)
    {
        Assert.Equal(expected, FactRetriever.QuestionSegments(message));
    }
}
