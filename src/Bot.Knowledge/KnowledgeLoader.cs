using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Validation;

namespace Bot.Knowledge;

/// <summary>
/// Loads <c>knowledge/</c> (formats in knowledge/README.md): one loader per kind of file
/// (<c>Loading/</c>), then, unless loading for serving, the authoring checks (<c>Validation/</c>). Every
/// problem is reported with its file (relative to the knowledge root) and line; a knowledge base is
/// returned only when there is none. Warnings (an overdue review) never prevent loading.
/// </summary>
public static class KnowledgeLoader
{
    /// <summary>Answers longer than this many words (over all claims) are a problem ("at most about 70 words").</summary>
    public const int MaxAnswerWords = 70;

    /// <summary>Every fact needs at least this many question phrasings.</summary>
    public const int MinQuestions = 4;

    /// <summary>Loads and validates <paramref name="knowledgeRoot"/> with every check; reviews are judged against today's UTC date.</summary>
    public static KnowledgeLoadResult Load(string knowledgeRoot) => Load(knowledgeRoot, KnowledgeLoadOptions.Authoring);

    /// <summary>Loads and validates <paramref name="knowledgeRoot"/> with every check, judging review dates against <paramref name="today"/>.</summary>
    public static KnowledgeLoadResult Load(string knowledgeRoot, DateOnly today) => Load(knowledgeRoot, KnowledgeLoadOptions.Authoring with { Today = today });

    /// <summary>Loads <paramref name="knowledgeRoot"/> as <paramref name="options"/> say.</summary>
    public static KnowledgeLoadResult Load(string knowledgeRoot, KnowledgeLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(knowledgeRoot);
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(knowledgeRoot);
        var c = new LoadContext(root, options.Today ?? DateOnly.FromDateTime(DateTime.UtcNow));
        if (!Directory.Exists(root))
        {
            c.Problems.Add(knowledgeRoot, 1, "the knowledge folder does not exist");
            return new KnowledgeLoadResult(null, c.Problems.ToSortedList());
        }

        var references = ReferencesLoader.Load(c);
        var sentences = SourcesLoader.Load(c);
        var facts = FactsLoader.Load(c, references);
        var synonyms = SynonymsLoader.Load(c);
        var texts = TextsLoader.Load(c);
        var rules = SafetyRulesLoader.Load(c, references);
        var refusals = RefusalsLoader.Load(c, texts);
        if (options.AuthoringChecks)
        {
            SourceFreshnessCheck.Run(c);
            ProvenanceCheck.Run(c, facts.Provenance, sentences);
            FigureCitationCheck.Run(c, facts.Claims);
            FigureRecordCheck.Run(c, facts.Claims, references);
            BannedWordingScan.Run(c);
        }

        var problems = c.Problems.ToSortedList();
        var kb = problems.Count == 0 ? new KnowledgeBase(facts.Facts, references, synonyms, rules, refusals, texts, sentences) : null;
        return new KnowledgeLoadResult(kb, problems) { Warnings = c.Warnings.ToSortedList() };
    }

    /// <summary>Loads <paramref name="knowledgeRoot"/> with every check or throws <see cref="KnowledgeValidationException"/> listing every problem.</summary>
    public static KnowledgeBase LoadOrThrow(string knowledgeRoot) => LoadOrThrow(knowledgeRoot, KnowledgeLoadOptions.Authoring);

    /// <summary>Loads <paramref name="knowledgeRoot"/> as <paramref name="options"/> say, or throws <see cref="KnowledgeValidationException"/> listing every problem.</summary>
    public static KnowledgeBase LoadOrThrow(string knowledgeRoot, KnowledgeLoadOptions options)
    {
        var result = Load(knowledgeRoot, options);
        return result.KnowledgeBase ?? throw new KnowledgeValidationException(result.Problems);
    }

    /// <summary>Counts words the way the answer-length rule does.</summary>
    public static int CountWords(string text) => FactsLoader.CountWords(text);

    /// <summary>Every key declared in <see cref="TextKeys"/>: all are required in safety/texts.yaml.</summary>
    public static IReadOnlyList<string> RequiredTextKeys => TextsLoader.RequiredTextKeys;
}
