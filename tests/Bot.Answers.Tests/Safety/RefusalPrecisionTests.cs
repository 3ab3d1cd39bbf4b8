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
    [InlineData("how much does it cost?")]
    [InlineData("is it expensive")]
    [InlineData("what does the operation cost")]
    [InlineData("i cant afford the injections")]
    public void Cost_insurance_and_access_including_short_questions_referring_back_get_the_cited_cost_and_access_fact_not_a_refusal(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal("cost-access", a.RuleId);
        AssertNamedFact(a, "cost-and-access");
        Assert.DoesNotContain("sell", a.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("what is the stock price of apple")]
    [InlineData("what are house prices like in london")]
    [InlineData("how much does a new car cost")]
    [InlineData("what's the price of bitcoin right now")]
    public void A_price_or_cost_of_something_else_is_out_of_scope_not_the_cost_and_access_fact(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal(AnswerKind.OutOfScope, a.Kind);
        Assert.DoesNotContain("cost-and-access", a.FactIds);
    }

    [Theory]
    [InlineData("are botox units the same as dysport units?")]
    [InlineData("is one unit of xeomin equal to one unit of botox")]
    [InlineData("why does dysport need so many more units than botox")]
    [InlineData("can you convert botox units to dysport units")]
    [InlineData("are the doses comparable between the brands?")]
    public void Comparing_units_between_brands_gets_the_units_fact_without_a_dose(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal("units-compared", a.RuleId);
        AssertNamedFact(a, "toxin-units-not-interchangeable");
        Assert.DoesNotMatch(@"\d+ ?(units|mg)\b", a.Text);
    }

    [Theory]
    [InlineData("can I switch from botox to xeomin?", "switching-products", "toxin-switching-products")]
    [InlineData("would a different brand of toxin work better for me", "switching-products", "toxin-switching-products")]
    [InlineData("should i try a different botox brand", "switching-products", "toxin-switching-products")]
    [InlineData("is my carbamazepine ok now that i'm expecting", "pregnancy-medicines", "pregnancy-who-to-ask")]
    [InlineData("do i stop the tablets before the brain surgery", "before-surgery", "mvd-before-surgery")]
    [InlineData("can I have my botox injections while pregnant?", "pregnancy-treatment", "pregnancy-toxin-known")]
    [InlineData("I'm pregnant, should I stop my botox", "pregnancy-treatment", "pregnancy-toxin-known")]
    [InlineData("do I need to stop carbamazepine before my surgery?", "before-surgery", "mvd-before-surgery")]
    [InlineData("how do I know if my twitching is hemifacial spasm?", "diagnosis-how", "hfs-diagnosis-how")]
    [InlineData("how can doctors tell hfs apart from blepharospasm", "diagnosis-how", "hfs-diagnosis-how")]
    [InlineData("What happens if I skip a botox appointment?", "missed-appointment", "toxin-missed-appointment")]
    [InlineData("my botox appointment was cancelled, will the spasms come back?", "missed-appointment", "toxin-missed-appointment")]
    [InlineData("is it bad to postpone my next toxin session by a few weeks", "missed-appointment", "toxin-missed-appointment")]
    public void Information_questions_near_a_refusal_get_the_cited_fact_that_answers_them(string text, string rule, string fact)
    {
        var a = fixture.Ask(text);
        Assert.Equal(rule, a.RuleId);
        AssertNamedFact(a, fact);
    }

    [Fact]
    public void A_named_surgical_fact_also_advises_the_neurosurgeon_as_a_retrieved_one_does()
    {
        var a = fixture.Ask("do I need to stop carbamazepine before my surgery?");
        Assert.Equal(fixture.Engine.Text("advice_neurologist") + " " + fixture.Engine.Text("advice_neurosurgeon"), a.Advice);
    }

    [Theory]
    [InlineData("how do i know if my botox has worn off")]
    [InlineData("how would I know if the surgery worked")]
    public void How_do_i_know_if_is_an_information_question_not_a_diagnosis_request(string text)
    {
        var a = fixture.Ask(text);
        Assert.NotEqual("diagnose", a.RuleId);
        Assert.NotEqual(AnswerKind.Refusal, a.Kind);
    }

    [Theory]
    [InlineData("what are the signs of a csf leak after mvd?")]
    [InlineData("what would a csf leak look like after mvd? my surgery is next month")]
    [InlineData("what are the warning signs of meningitis after the operation")]
    [InlineData("what percentage of people get a csf leak after mvd?")]
    public void Questions_about_the_signs_of_a_surgical_complication_raise_no_alarm(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal(Urgency.None, a.Urgency);
        Assert.NotEqual(AnswerKind.Emergency, a.Kind);
    }

    private static void AssertNamedFact(Answer a, string fact)
    {
        Assert.Equal(AnswerKind.Fact, a.Kind);
        Assert.Equal([fact], a.FactIds);
        Assert.NotEmpty(a.Citations);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
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
    [InlineData("should I switch from clonazepam to baclofen", "stopping-switching")]
    [InlineData("can you tell me whether my twitching is hfs or just stress", "diagnose")]
    [InlineData("do you know if I have hemifacial spasm", "diagnose")]
    [InlineData("how many units of dysport should I get", "dosing")]
    [InlineData("can you diagnose me", "diagnose")]
    public void Real_refusals_still_fire(string text, string rule)
    {
        var a = fixture.Ask(text);
        Assert.Equal(AnswerKind.Refusal, a.Kind);
        Assert.Equal(rule, a.RuleId);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
    }
}
