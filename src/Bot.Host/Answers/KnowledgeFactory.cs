using Bot.Answers;
using Bot.Answers.Semantic;
using Bot.Knowledge;
using Microsoft.Extensions.Options;

namespace Bot.Host.Answers;

/// <summary>Builds the real engine: <c>knowledge/</c> loaded and validated, then the answer engine and its Lucene
/// index (built in memory, or loaded from <c>Answers:IndexDirectory</c> when set; a stale one fails the start).</summary>
internal static class KnowledgeFactory
{
    public static Func<CancellationToken, LoadedKnowledge> Create(IServiceProvider services)
    {
        var knowledge = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        var engineOptions = services.GetRequiredService<IOptions<AnswerEngineOptions>>().Value;
        return _ =>
        {
            var root = string.IsNullOrWhiteSpace(knowledge.Path) ? KnowledgeLocator.FindRoot() : Path.GetFullPath(knowledge.Path);
            var knowledgeBase = KnowledgeLoader.LoadOrThrow(root);
            // The model is shared process-wide (TextEncoders); the engine gets its own cache of recent messages.
            var encoder = TextEncoders.Create(engineOptions.Semantic);
            var engine = string.IsNullOrWhiteSpace(engineOptions.IndexDirectory)
                ? new AnswerEngine(knowledgeBase, engineOptions, index: null, encoder)
                : AnswerEngine.WithIndexDirectory(knowledgeBase, engineOptions, Path.GetFullPath(engineOptions.IndexDirectory), encoder);
            return new LoadedKnowledge(engine, knowledgeBase.Texts, knowledgeBase.Facts.Select(f => f.Id).ToHashSet(StringComparer.Ordinal));
        };
    }
}
