using Bot.Answers.Safety;
using Bot.Answers.Tests.Semantic;
using Bot.Knowledge;
using Bot.Knowledge.Model;

namespace Bot.Answers.Tests.Safety;

/// <summary>
/// The real knowledge with the engine the bot runs by default: the precise rules and the example bank
/// matched by the real MiniLM model (shipped in its NuGet package, run offline), with the default,
/// calibrated <see cref="TriageOptions"/>. The bank's vectors are computed once per test run (no disk cache).
/// </summary>
public sealed class ExampleBankFixture : IDisposable
{
    public ExampleBankFixture()
    {
        var root = KnowledgeLocator.FindRoot(AppContext.BaseDirectory);
        Knowledge = KnowledgeLoader.LoadOrThrow(root);
        Safety = SafetyKnowledge.Load(root, Knowledge);
        var options = new AnswerEngineOptions { Triage = { CacheDirectory = "-" } };
        Engine = new AnswerEngine(Knowledge, options, null, SharedEncoder.Instance, Safety);
    }

    public KnowledgeBase Knowledge { get; }

    public SafetyKnowledge Safety { get; }

    public AnswerEngine Engine { get; }

    public Answer Ask(string text) => Engine.Answer(new Question(text, IsFirstInConversation: true));

    public void Dispose() => Engine.Dispose();
}
