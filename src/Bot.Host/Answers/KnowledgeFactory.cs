using Bot.Answers;
using Bot.Answers.Semantic;
using Bot.Knowledge;
using Microsoft.Extensions.Options;

namespace Bot.Host.Answers;

/// <summary>
/// Builds the real engine: <c>knowledge/</c> loaded for serving (its structure, claims, references and review
/// metadata checked; the authoring checks, such as re-running the source cleaner, are left to <c>validate</c>
/// and CI), then the answer engine and its Lucene index (built in memory, or loaded from
/// <c>Answers:IndexDirectory</c> when set; a stale one fails the start). Overdue reviews are logged as a warning.
/// </summary>
internal static class KnowledgeFactory
{
    public static Func<CancellationToken, LoadedKnowledge> Create(IServiceProvider services)
    {
        var knowledge = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        var engineOptions = services.GetRequiredService<IOptions<AnswerEngineOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KnowledgeFactory));
        return _ =>
        {
            var root = string.IsNullOrWhiteSpace(knowledge.Path) ? KnowledgeLocator.FindRoot() : Path.GetFullPath(knowledge.Path);
            var result = KnowledgeLoader.Load(root, KnowledgeLoadOptions.Serving);
            var knowledgeBase = result.KnowledgeBase ?? throw new KnowledgeValidationException(result.Problems);
            if (result.Warnings.Count > 0)
            {
                logger.LogWarning("{Count} knowledge warning(s), such as overdue fact reviews; run `validate` for the list.", result.Warnings.Count);
            }

            // The model is shared process-wide (TextEncoders); the engine gets its own cache of recent messages.
            // It is loaded and warmed here, before the host reports ready, when retrieval or triage's bank needs it.
            var encoder = TextEncoders.Create(engineOptions.Semantic, engineOptions.Triage.UseExampleBank);
            var safety = global::Bot.Answers.Safety.SafetyKnowledge.Load(root, knowledgeBase);
            var indexDirectory = IndexDirectory(engineOptions.IndexDirectory, AppContext.BaseDirectory);
            if (indexDirectory is not null)
            {
                logger.LogInformation("Loading the prebuilt index from {Directory}.", indexDirectory);
            }

            var engine = indexDirectory is null
                ? new AnswerEngine(knowledgeBase, engineOptions, index: null, encoder, safety)
                : AnswerEngine.WithIndexDirectory(knowledgeBase, engineOptions, indexDirectory, encoder, safety);
            // The welcome's starters: the suggestions the engine gives someone who asks for help.
            var starters = engine.Answer(new Question("help")).FollowUps.Take(3).ToArray();
            return new LoadedKnowledge(engine, knowledgeBase.Texts, knowledgeBase.Facts.Select(f => f.Id).ToHashSet(StringComparer.Ordinal)) { Starters = starters };
        };
    }

    /// <summary>The folder a publish with <c>-p:KnowledgeIndex=&lt;dir&gt;</c> puts the prebuilt index in, next to the app.</summary>
    public const string PublishedIndexFolder = "knowledge-index";

    /// <summary>
    /// The prebuilt index to load, or null to build it in memory: <c>Answers:IndexDirectory</c> (relative to the working
    /// directory, else to the app's directory), otherwise the <see cref="PublishedIndexFolder"/> a publish put beside the app.
    /// </summary>
    internal static string? IndexDirectory(string? configured, string appDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (Path.IsPathRooted(configured) || Directory.Exists(configured))
            {
                return Path.GetFullPath(configured);
            }

            var besideApp = Path.Combine(appDirectory, configured);
            return Directory.Exists(besideApp) ? besideApp : Path.GetFullPath(configured);
        }

        var published = Path.Combine(appDirectory, PublishedIndexFolder);
        return Directory.Exists(published) ? published : null;
    }
}
