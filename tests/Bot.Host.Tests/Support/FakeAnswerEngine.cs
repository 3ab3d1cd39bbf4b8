using System.Collections.Concurrent;
using Bot.Answers;
using Bot.Host.Answers;
using Bot.Knowledge.Model;

namespace Bot.Host.Tests.Support;

/// <summary>
/// A predictable stand-in for the answer engine, so protocol tests do not depend on the knowledge
/// content. It decides the disclaimer as the real engine does (first answer only, never on an emergency):
/// "emergency" in the text gives an emergency answer, "hello" small talk, "which" a did-you-mean,
/// anything else a fact answer with two citations and follow-ups. It records every question.
/// </summary>
public sealed class FakeAnswerEngine : IAnswerEngine
{
    public ConcurrentQueue<Question> Questions { get; } = new();

    public static IReadOnlyDictionary<string, string> Texts { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TextKeys.Welcome] = "Welcome to the test bot.",
        [TextKeys.Disclaimer] = "General information, not a diagnosis.",
        [TextKeys.Help] = "Ask me about hemifacial spasm.",
    };

    /// <summary>The facts the fake engine cites; feedback keeps only these ids.</summary>
    public static IReadOnlySet<string> FactIds { get; } = new HashSet<string>(["hfs-what", "hfs-cause", "hfs-treat", "hfs-serious"], StringComparer.Ordinal);

    public static LoadedKnowledge Knowledge(FakeAnswerEngine engine) => new(engine, Texts, FactIds)
    {
        Starters = [new SuggestedQuestion("What is hemifacial spasm?", "hfs-what"), new SuggestedQuestion("What causes it?", "hfs-cause"), new SuggestedQuestion("How is it treated?", "hfs-treat")],
    };

    public Answer Answer(Question question)
    {
        Questions.Enqueue(question);
        var disclaimer = question.IsFirstInConversation ? Texts[TextKeys.Disclaimer] : null;
        if (question.Text.Contains("emergency", StringComparison.OrdinalIgnoreCase))
        {
            // As the real engine: a safety reply carries its tier and never the disclaimer.
            return new Answer { Kind = AnswerKind.Emergency, Urgency = Urgency.CallEmergencyNow, Text = "Call your local emergency number now.", Advice = "See a neurologist.", RuleId = "stroke" };
        }

        if (question.Text.Contains("hello", StringComparison.OrdinalIgnoreCase))
        {
            return new Answer { Kind = AnswerKind.SmallTalk, Text = "Hello there.", Disclaimer = disclaimer, FollowUps = [new SuggestedQuestion("What is hemifacial spasm?", "hfs-what")] };
        }

        if (question.Text.Contains("which", StringComparison.OrdinalIgnoreCase))
        {
            return new Answer
            {
                Kind = AnswerKind.DidYouMean,
                Text = "Did you mean one of these?",
                Advice = "See a neurologist.",
                Disclaimer = disclaimer,
                Choices = [new SuggestedQuestion("What causes it?", "hfs-cause"), new SuggestedQuestion("How is it treated?", "hfs-treat")],
            };
        }

        return new Answer
        {
            Kind = AnswerKind.Fact,
            Text = "Answer to: " + question.Text + " [1] [2]",
            Citations =
            [
                new Citation(1, "ref-a", "Hemifacial spasm: a review", "Journal A", 2020, new Uri("https://pubmed.ncbi.nlm.nih.gov/111/")),
                new Citation(2, "ref-b", "Botulinum toxin for facial spasm", "Publisher B", 2021, new Uri("https://doi.org/10.1000/b")),
            ],
            Advice = "Please see a neurologist.",
            Disclaimer = disclaimer,
            FollowUps = [new SuggestedQuestion("How is it treated?", "hfs-treat"), new SuggestedQuestion("Is it serious?", "hfs-serious")],
            FactIds = ["hfs-what", "hfs-cause"],
            Score = 0.9,
        };
    }
}
