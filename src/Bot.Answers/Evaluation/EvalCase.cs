using System.Text.Json.Serialization;

namespace Bot.Answers.Evaluation;

/// <summary>
/// One conversation case, in the format of the public question set (tests/Bot.Answers.Tests/Cases/public-set.json) plus the
/// optional <c>expect_facts</c>: fact ids of which a correct answer's first fact must be one.
/// </summary>
public sealed record EvalCase
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("ask")]
    public required string Ask { get; init; }

    /// <summary>fact, emergency, refusal, scope, chitchat, robustness (any other name is allowed and reported).</summary>
    [JsonPropertyName("category")]
    public string Category { get; init; } = "fact";

    [JsonPropertyName("expect_any")]
    public IReadOnlyList<string> ExpectAny { get; init; } = [];

    [JsonPropertyName("expect_all")]
    public IReadOnlyList<string> ExpectAll { get; init; } = [];

    [JsonPropertyName("forbid")]
    public IReadOnlyList<string> Forbid { get; init; } = [];

    /// <summary>Neurologist advice required (default: every category except chitchat).</summary>
    [JsonPropertyName("advice")]
    public bool? Advice { get; init; }

    /// <summary>A citation required (default: category fact).</summary>
    [JsonPropertyName("cite")]
    public bool? Cite { get; init; }

    [JsonPropertyName("expect_facts")]
    public IReadOnlyList<string> ExpectFacts { get; init; } = [];

    /// <summary>Free-text note for people reading the case set (ignored by the evaluator).</summary>
    [JsonPropertyName("note")]
    public string? Note { get; init; }

    public bool WantsAdvice => Advice ?? !string.Equals(Category, EvalCategories.SmallTalk, StringComparison.Ordinal);

    public bool WantsCitation => Cite ?? string.Equals(Category, EvalCategories.Fact, StringComparison.Ordinal);

    /// <summary>Reads a case file (a JSON array of cases).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid case list (message says where).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<EvalCase> Load(string path) => CaseFile.Load<EvalCase>(path, "cases", c => c.Id);
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
}
