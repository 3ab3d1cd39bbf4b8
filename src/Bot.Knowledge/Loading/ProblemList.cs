namespace Bot.Knowledge.Loading;

/// <summary>Collects problems while loading; every problem names its file and line.</summary>
internal sealed class ProblemList
{
    private readonly List<KnowledgeProblem> problems = [];

    public int Count => problems.Count;

    public void Add(string file, int line, string message) => problems.Add(new KnowledgeProblem(file, Math.Max(1, line), message));

    public IReadOnlyList<KnowledgeProblem> ToSortedList() => problems
        .Distinct()
        .OrderBy(p => p.File, StringComparer.Ordinal)
        .ThenBy(p => p.Line)
        .ThenBy(p => p.Message, StringComparer.Ordinal)
        .ToArray();
}
