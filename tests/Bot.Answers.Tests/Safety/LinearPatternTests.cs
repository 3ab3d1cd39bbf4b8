using System.Text.RegularExpressions;
using Bot.Answers.Safety;
using Bot.Answers.Text;

namespace Bot.Answers.Tests.Safety;

/// <summary>
/// Security review F3: every regular expression applied to user text runs on the linear-time engine, so
/// its work grows with the length of the message and crafted input cannot make it quadratic. The bound
/// is structural (<see cref="RegexOptions.NonBacktracking"/> guarantees a scan linear in the input, and
/// the input is capped at <see cref="TextNormalizer.HardLimit"/> characters); the adversarial strings
/// below, 20 KB each, are the shapes that made the old patterns backtrack.
/// </summary>
public sealed class LinearPatternTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    private static readonly string[] Adversarial =
    [
        string.Concat(Enumerable.Repeat("<script>", 2_500)),
        string.Concat(Enumerable.Repeat("<style a=", 2_200)),
        string.Concat(Enumerable.Repeat("<at>", 5_000)),
        string.Concat(Enumerable.Repeat("[x](", 5_000)),
        string.Concat(Enumerable.Repeat("sudden ", 2_900)),
        string.Concat(Enumerable.Repeat("my face ", 2_500)),
        string.Concat(Enumerable.Repeat("how much ", 2_200)),
        string.Concat(Enumerable.Repeat("a", 20_000)),
        string.Concat(Enumerable.Repeat("stop ", 4_000)),
        string.Concat(Enumerable.Repeat("can't ", 3_300)),
    ];

    private IEnumerable<(string Owner, Regex Regex)> AllPatterns() =>
        TextNormalizer.Patterns.Select(r => ("TextNormalizer", r))
            .Concat(SmallTalk.Patterns.Select(r => ("SmallTalk", r)))
            .Concat(fixture.Engine.Safety.Patterns.Select(r => ("refusals", r)))
            .Concat(fixture.Engine.Triage.Rules.Patterns.Select(r => ("triage", r)));

    [Fact]
    public void Every_pattern_applied_to_user_text_runs_on_the_linear_engine()
    {
        var patterns = AllPatterns().ToArray();
        Assert.True(patterns.Length > 100, $"{patterns.Length} patterns");
        var backtracking = patterns.Where(p => (p.Regex.Options & RegexOptions.NonBacktracking) == 0).Select(p => p.Owner + ": " + p.Regex).ToArray();
        Assert.True(backtracking.Length == 0, string.Join("\n", backtracking));
    }

    [Fact]
    public void A_safety_pattern_that_needs_backtracking_is_rejected_at_start()
    {
        var e = Assert.Throws<ArgumentException>(() => SafetyRegex.Compile("rule 'x'", [@"(a)\1"]));
        Assert.Contains("rule 'x'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SafetyRegex.Compile("rule 'y'", [@"face(?! twitch)"]));
    }

    [Fact]
    public void Adversarial_20_kb_inputs_are_scanned_by_every_pattern_and_by_the_whole_engine()
    {
        foreach (var input in Adversarial)
        {
            Assert.InRange(input.Length, 16_000, TextNormalizer.HardLimit + 1_000);
            foreach (var (_, regex) in AllPatterns())
            {
                _ = regex.Count(input);
            }

            var a = fixture.Ask(input);
            Assert.NotNull(a.Text);
        }
    }

    [Fact]
    public void Script_and_style_blocks_are_still_removed_and_an_unclosed_one_is_left_alone()
    {
        Assert.Equal("hello world", TextNormalizer.Normalize("hello <script>alert(1)</script> world", 600).Full);
        Assert.Equal("a b", TextNormalizer.Normalize("a <STYLE type=x>p{}</style> b", 600).Full);
        var unclosed = TextNormalizer.Normalize(string.Concat(Enumerable.Repeat("<script>", 2_000)) + " my face suddenly drooped", 600);
        Assert.EndsWith("my face suddenly drooped", unclosed.Full, StringComparison.Ordinal);
    }
}
