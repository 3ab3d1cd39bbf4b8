using Bot.Answers;
using Bot.Answers.Evaluation;
using Bot.Knowledge;
using Bot.Knowledge.Model;

namespace Bot.Benchmarks;

/// <summary>
/// What the benchmarks run over: the real knowledge (<c>knowledge/</c>) and the project's conversation
/// cases, i.e. the answer tests' case set (<c>tests/Bot.Answers.Tests/Cases/*.json</c>) plus the public
/// set (<c>Cases/public-set.json</c>), each question once. Facts, refusals, small talk,
/// emergencies and out-of-scope questions in the proportions the case set has them.
/// </summary>
public static class CaseSet
{
    private static readonly Lazy<(KnowledgeBase Knowledge, string[] Questions, string Sources)> Loaded = new(Load);

    public static KnowledgeBase Knowledge => Loaded.Value.Knowledge;

    public static IReadOnlyList<string> Questions => Loaded.Value.Questions;

    public static string Sources => Loaded.Value.Sources;

    /// <summary>The repository root (the folder holding Bot.sln), from the working or the app directory.</summary>
    public static string RepositoryRoot { get; } = FindRepository();

    public static AnswerEngine CreateEngine(AnswerEngineOptions? options = null) => new(Knowledge, options);

    private static (KnowledgeBase, string[], string) Load()
    {
        var knowledge = KnowledgeLoader.LoadOrThrow(KnowledgeLocator.FindRoot(RepositoryRoot));
        var files = new List<string>();
        var cases = Path.Combine(RepositoryRoot, "tests", "Bot.Answers.Tests", "Cases");
        if (Directory.Exists(cases))
        {
            files.AddRange(Directory.GetFiles(cases, "*.json").Order(StringComparer.Ordinal));
        }

        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No case files in {cases}.");
        }

        var questions = files.Where(f => !SafetyCase.IsSafetyFile(f)).SelectMany(EvalCase.Load).SelectMany(c => c.Messages).Distinct(StringComparer.Ordinal).ToArray();
        return (knowledge, questions, string.Join(", ", files.Select(f => Path.GetRelativePath(RepositoryRoot, f))));
    }

    private static string FindRepository()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Run the benchmarks from inside the repository (no Bot.sln above the working or app directory).");
    }
}
