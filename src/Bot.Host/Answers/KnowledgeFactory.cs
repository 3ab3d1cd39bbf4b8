using Bot.Answers;
using Bot.Answers.Semantic;
using Bot.Knowledge;
using Microsoft.Extensions.Options;

namespace Bot.Host.Answers;

/// <summary>Builds the real engine: <c>knowledge/</c> loaded and validated, then the answer engine and its FTS5 index.</summary>
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
            var engine = new AnswerEngine(knowledgeBase, engineOptions, index: null, encoder);
            return new LoadedKnowledge(engine, knowledgeBase.Texts);
        };
    }
}
