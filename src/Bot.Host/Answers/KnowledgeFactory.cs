using Microsoft.Extensions.Options;

namespace Bot.Host.Answers;

/// <summary>Builds the real engine from the knowledge folder.</summary>
internal static class KnowledgeFactory
{
    public static Func<CancellationToken, LoadedKnowledge> Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        return _ => throw new InvalidOperationException(
            $"The answer engine is not part of this build yet (knowledge path '{options.Path ?? "auto"}').");
    }
}
