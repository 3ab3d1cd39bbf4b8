using Bot.Answers.Safety;
using Bot.Knowledge;
using Bot.Knowledge.Model;

namespace Bot.Answers.Tests.Safety;

/// <summary>The real knowledge and triage data, loaded once, with an engine that runs the rules alone (no encoder).</summary>
public sealed class SafetyFixture : IDisposable
{
    public SafetyFixture()
    {
        Root = KnowledgeLocator.FindRoot(AppContext.BaseDirectory);
        Knowledge = KnowledgeLoader.LoadOrThrow(Root);
        Safety = SafetyKnowledge.Load(Root, Knowledge);
        Engine = new AnswerEngine(Knowledge, null, null, encoder: null, Safety);
    }

    public string Root { get; }

    public KnowledgeBase Knowledge { get; }

    public SafetyKnowledge Safety { get; }

    public AnswerEngine Engine { get; }

    public Answer Ask(string text, bool first = false) => Engine.Answer(new Question(text, first));

    public void Dispose() => Engine.Dispose();
}
