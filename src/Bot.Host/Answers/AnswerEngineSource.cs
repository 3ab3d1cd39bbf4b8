using Bot.Answers;

namespace Bot.Host.Answers;

/// <summary>
/// What the bot answers with: the engine, the fixed texts (welcome, disclaimer, help) from <c>knowledge/safety/texts.yaml</c>
/// and the ids of the loaded facts (feedback keeps only these; null when the engine names none).
/// </summary>
public sealed record LoadedKnowledge(IAnswerEngine Engine, IReadOnlyDictionary<string, string> Texts, IReadOnlySet<string>? FactIds = null)
{
    /// <summary>The starter questions the welcome offers (at most three).</summary>
    public IReadOnlyList<SuggestedQuestion> Starters { get; init; } = [];

    public string Text(string key, string fallback) => Texts.TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text) ? text : fallback;
}

/// <summary>
/// Gives access to the answer engine once the knowledge index is loaded. Loading runs in the
/// background at start-up, so <c>/healthz</c> answers at once and <c>/readyz</c> turns 200 when
/// <see cref="IsReady"/>; turns that arrive earlier wait for it.
/// </summary>
public interface IAnswerEngineSource
{
    bool IsReady { get; }

    /// <summary>Why loading failed, or null.</summary>
    string? Failure { get; }

    Task<LoadedKnowledge> GetAsync(CancellationToken cancellationToken);
}

/// <summary>An already loaded engine (tests, or hosts that build it themselves).</summary>
public sealed class FixedAnswerEngineSource(LoadedKnowledge knowledge) : IAnswerEngineSource
{
    public bool IsReady => true;
    public string? Failure => null;
    public Task<LoadedKnowledge> GetAsync(CancellationToken cancellationToken) => Task.FromResult(knowledge);
}

/// <summary>Knowledge settings (configuration section <c>Knowledge</c>).</summary>
public sealed class KnowledgeOptions
{
    /// <summary>The <c>knowledge/</c> folder; empty: found by walking up from the app and working directories.</summary>
    public string? Path { get; set; }
}
