namespace Bot.Answers.Tests.Safety;

/// <summary>Refusals fire on what they are about and nowhere else (issue 10, "Refusals with precision").</summary>
public sealed class RefusalPrecisionTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    [Theory]
    [InlineData("could my twitching be a brain tumour?")]
    [InlineData("can a tumour cause hemifacial spasm?")]
    [InlineData("does botox stop working after years")]
    [InlineData("will the injections stop working one day?")]
    [InlineData("what are the side effects of botox?")]
    public void Information_questions_are_not_refused(string text)
    {
        var a = fixture.Ask(text);
        Assert.NotEqual(AnswerKind.Refusal, a.Kind);
        Assert.NotEqual(AnswerKind.Emergency, a.Kind);
    }

    [Theory]
    [InlineData("how much does treatment cost")]
    [InlineData("does my insurance cover botox for hemifacial spasm?")]
    [InlineData("is mvd free on the nhs")]
    [InlineData("how do I get a referral to a neurologist")]
    [InlineData("how long is the waiting list for surgery")]
    public void Cost_insurance_and_access_get_general_information_not_the_buying_refusal(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal("cost-access", a.RuleId);
        Assert.Equal(fixture.Engine.Text("cost_access"), a.Text);
        Assert.DoesNotContain("sell", a.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("what can i do myself to make hemifacial spasm better")]
    [InlineData("is there anything i can do at home to calm the twitching")]
    public void Self_help_questions_are_not_taken_for_self_injection(string text)
    {
        Assert.NotEqual("self-injection", fixture.Ask(text).RuleId);
    }

    [Theory]
    [InlineData("can I inject botox myself")]
    [InlineData("is it safe to do my own botox injections at home?")]
    [InlineData("I want to order botulinum toxin and inject it myself")]
    [InlineData("could I just do the botox myself to save money")]
    public void Self_injection_gets_a_safety_answer(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal("self-injection", a.RuleId);
        Assert.Contains("trained clinician", a.Text, StringComparison.Ordinal);
        Assert.Contains("swallowing", a.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Do I have hemifacial spasm?", "diagnose")]
    [InlineData("is my twitch hemifacial spasm or blepharospasm", "diagnose")]
    [InlineData("my eyelid has twitched for 2 weeks, do I have a brain tumour?", "diagnose")]
    [InlineData("How many units of Botox do I need?", "dosing")]
    [InlineData("where can I buy botox online", "buying")]
    [InlineData("can I stop taking carbamazepine now", "stopping-switching")]
    [InlineData("is it ok to skip my next botox injection", "stopping-switching")]
    public void Real_refusals_still_fire(string text, string rule)
    {
        var a = fixture.Ask(text);
        Assert.Equal(AnswerKind.Refusal, a.Kind);
        Assert.Equal(rule, a.RuleId);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
    }
}
