namespace Bot.Knowledge;

/// <summary>One problem found in <c>knowledge/</c>: the file (relative to the knowledge root, forward slashes), the 1-based line, and what is wrong.</summary>
public sealed record KnowledgeProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>The outcome of <see cref="KnowledgeLoader.Load(string)"/>: a knowledge base, or the problems that prevent one.</summary>
public sealed record KnowledgeLoadResult(Model.KnowledgeBase? KnowledgeBase, IReadOnlyList<KnowledgeProblem> Problems)
{
    /// <summary>True when the knowledge base loaded without any problem.</summary>
    public bool IsValid => KnowledgeBase is not null && Problems.Count == 0;

    /// <summary>What does not prevent loading but needs attention, such as a fact whose review is overdue.</summary>
    public IReadOnlyList<KnowledgeProblem> Warnings { get; init; } = [];
}

/// <summary>Thrown by <see cref="KnowledgeLoader.LoadOrThrow(string)"/>; the message lists every problem as <c>file:line: problem</c>.</summary>
public sealed class KnowledgeValidationException : Exception
{
    public KnowledgeValidationException()
        : this([])
    {
    }

    public KnowledgeValidationException(string message)
        : base(message)
    {
        Problems = [];
    }

    public KnowledgeValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public KnowledgeValidationException(IReadOnlyList<KnowledgeProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<KnowledgeProblem> Problems { get; }

    private static string Describe(IReadOnlyList<KnowledgeProblem> problems) =>
        $"The knowledge base has {problems.Count} problem(s):{Environment.NewLine}" +
        string.Join(Environment.NewLine, problems.Select(p => p.ToString()));
}
