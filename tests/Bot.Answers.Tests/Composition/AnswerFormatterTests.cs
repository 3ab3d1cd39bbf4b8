namespace Bot.Answers.Tests.Composition;

public class AnswerFormatterTests
{
    private static readonly Citation Source = new(1, "sp", "Hemifacial [Spasm]", "StatPearls", 2023, new Uri("https://pubmed.ncbi.nlm.nih.gov/30252364/"));

    [Fact]
    public void A_fact_answer_is_body_then_numbered_sources_then_advice_then_disclaimer()
    {
        var a = new Answer
        {
            Kind = AnswerKind.Fact,
            Text = "It twitches [1].",
            Citations = [Source],
            Advice = "Please see a neurologist.",
            Disclaimer = "General information, not a diagnosis.",
        };
        Assert.Equal(
            "It twitches [1].\n\nSources:\n1. [Hemifacial \\[Spasm\\]](https://pubmed.ncbi.nlm.nih.gov/30252364/) — StatPearls, 2023\n\nPlease see a neurologist.\n\n_General information, not a diagnosis._",
            AnswerFormatter.ToMarkdown(a));
    }

    [Fact]
    public void Without_sources_or_disclaimer_those_parts_are_left_out()
    {
        var a = new Answer { Kind = AnswerKind.Refusal, Text = "I can't give doses.", Advice = "Please see a neurologist." };
        Assert.Equal("I can't give doses.\n\nPlease see a neurologist.", AnswerFormatter.ToMarkdown(a));
    }

    [Fact]
    public void Did_you_mean_lists_the_choices_and_none_of_these()
    {
        var a = new Answer
        {
            Kind = AnswerKind.DidYouMean,
            Text = "Did you mean:",
            Choices = [new("What is it?", "a"), new("What causes it?", "b")],
            Advice = "Please see a neurologist.",
        };
        Assert.Equal("Did you mean:\n\n1. What is it?\n2. What causes it?\n- None of these\n\nPlease see a neurologist.", AnswerFormatter.ToMarkdown(a));
    }

    [Fact]
    public void A_fallback_lists_its_suggested_questions()
    {
        var a = new Answer { Kind = AnswerKind.Fallback, Text = "I don't have that.", FollowUps = [new("What is it?", "a")], Advice = "See a neurologist." };
        Assert.Equal("I don't have that.\n\n- What is it?\n\nSee a neurologist.", AnswerFormatter.ToMarkdown(a));
    }

    [Fact]
    public void A_truncated_question_is_mentioned_first()
    {
        var a = new Answer { Kind = AnswerKind.Fact, Text = "Body [1].", Citations = [Source], Truncated = true };
        Assert.StartsWith("_(Your message was long", AnswerFormatter.ToMarkdown(a), StringComparison.Ordinal);
    }
}
