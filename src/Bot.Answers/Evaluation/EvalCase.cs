using System.Text.Json.Serialization;

namespace Bot.Answers.Evaluation;

/// <summary>
/// One conversation case, in the format of the public case set (<c>tests/Bot.Answers.Tests/Cases/public-set.json</c>, botcheck.py's format) plus the
/// optional <c>expect_facts</c>: fact ids of which a correct answer's first fact must be one. A
/// multi-turn case (botcheck2.py) has <c>turns</c> instead of <c>ask</c>: messages sent in one
/// conversation, each judged on its own reply; the case passes only when every turn passes.
/// </summary>
public sealed record EvalCase : EvalExpectations
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The message (empty for a multi-turn case, whose messages are in <see cref="Turns"/>).</summary>
    [JsonPropertyName("ask")]
    public string Ask { get; init; } = "";

    /// <summary>The turns of a multi-turn case, in order; empty for a single message.</summary>
    [JsonPropertyName("turns")]
    public IReadOnlyList<EvalTurn> Turns { get; init; } = [];

    /// <summary>True for a multi-turn case.</summary>
    public bool IsConversation => Turns.Count > 0;

    /// <summary>The messages a person sends in this case, in order (one for a single-message case).</summary>
    public IReadOnlyList<string> Messages => IsConversation ? Turns.Select(t => t.Ask).ToArray() : [Ask];

    /// <summary>The single-message case that judges turn <paramref name="index"/> (its <c>kind</c> plays the category's part).</summary>
    public EvalCase Turn(int index)
    {
        var t = Turns[index];
        return new EvalCase(t)
        {
            Id = $"{Id}#{index + 1}",
            Ask = t.Ask,
            Category = t.Kind,
        };
    }

    /// <summary>A case as read from a file.</summary>
    public EvalCase()
    {
    }

    /// <summary>A case judged by the given expectations (a turn's).</summary>
    private EvalCase(EvalExpectations expectations)
        : base(expectations)
    {
    }

    /// <summary>fact, emergency, refusal, scope, chitchat, robustness (any other name is allowed and reported).</summary>
    [JsonPropertyName("category")]
    public string Category { get; init; } = "fact";

    /// <summary>Free-text note for people reading the case set (ignored by the evaluator).</summary>
    [JsonPropertyName("note")]
    public string? Note { get; init; }

    public bool WantsAdvice => Advice ?? !string.Equals(Category, EvalCategories.SmallTalk, StringComparison.Ordinal);

    public bool WantsCitation => Cite ?? string.Equals(Category, EvalCategories.Fact, StringComparison.Ordinal);

    /// <summary>Reads a case file (a JSON array of cases; <see cref="CaseFile"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid case list (message says where).</exception>
    public static IReadOnlyList<EvalCase> Load(string path) =>
        CaseFile.Load<EvalCase>(path, "cases", c => c.Id, (file, c) =>
            (c.IsConversation && c.Ask.Length > 0) || c.Turns.Any(t => string.IsNullOrWhiteSpace(t.Ask))
                ? $"case '{c.Id}' needs either an 'ask' or a list of 'turns', each with its own 'ask'."
                : null);
}

/// <summary>One message of a multi-turn case (botcheck2.py): <c>kind</c> plays the role of the category.</summary>
public sealed record EvalTurn : EvalExpectations
{
    [JsonPropertyName("ask")]
    public required string Ask { get; init; }

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = EvalCategories.Fact;

}

/// <summary>What a reply is judged against, the same for a case and for one turn of a conversation.</summary>
public abstract record EvalExpectations
{
    /// <summary>Patterns of which the reply must match at least one.</summary>
    [JsonPropertyName("expect_any")]
    public IReadOnlyList<string> ExpectAny { get; init; } = [];

    /// <summary>Patterns the reply must all match.</summary>
    [JsonPropertyName("expect_all")]
    public IReadOnlyList<string> ExpectAll { get; init; } = [];

    /// <summary>Patterns the reply must not match.</summary>
    [JsonPropertyName("forbid")]
    public IReadOnlyList<string> Forbid { get; init; } = [];

    /// <summary>Neurologist advice required (default: every category except chitchat).</summary>
    [JsonPropertyName("advice")]
    public bool? Advice { get; init; }

    /// <summary>A citation required (default: category fact).</summary>
    [JsonPropertyName("cite")]
    public bool? Cite { get; init; }

    /// <summary>Fact ids of which a correct answer's first fact must be one.</summary>
    [JsonPropertyName("expect_facts")]
    public IReadOnlyList<string> ExpectFacts { get; init; } = [];
}

/// <summary>The category names the evaluator gives special meaning to.</summary>
public static class EvalCategories
{
    public const string Fact = "fact";
    public const string Emergency = "emergency";
    public const string Refusal = "refusal";
    public const string Scope = "scope";
    public const string SmallTalk = "chitchat";
    public const string Robustness = "robustness";
    public const string MultiTurn = "multiturn";
}
