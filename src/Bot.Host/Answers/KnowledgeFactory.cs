using Bot.Answers;
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
            var engine = new AnswerEngine(knowledgeBase, engineOptions);
            // The welcome's starters: the suggestions the engine gives someone who asks for help.
            var starters = engine.Answer(new Question("help")).FollowUps.Take(3).ToArray();
            return new LoadedKnowledge(engine, knowledgeBase.Texts) { Starters = starters };
        };
    }
}
