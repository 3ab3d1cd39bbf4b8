using Bot.Answers.Safety;
using Bot.Knowledge.Model;

namespace Bot.Answers.Tests.Safety;

/// <summary>Safety triage on the real knowledge with the precise rules alone: every situation, its tier and own text, and the false alarms of issue 10.</summary>
public sealed class TriageTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    [Theory]
    [InlineData("my face suddenly drooped on the left side", "stroke")]
    [InlineData("my husband is slurring his words", "stroke")]
    [InlineData("can't lift my right arm and my face feels numb", "stroke")]
    [InlineData("I suddenly have double vision", "stroke")]
    [InlineData("I think I'm having a stroke", "stroke")]
    [InlineData("thunderclap headache with my usual twitching", "sudden-severe-headache")]
    [InlineData("a sudden excruciating headache hit me ten minutes ago", "sudden-severe-headache")]
    [InlineData("since my botox on monday I have trouble swallowing", "injection-breathing-swallowing")]
    [InlineData("after the injection I'm short of breath", "injection-breathing-swallowing")]
    [InlineData("my lips are swelling after the injection", "allergic-swelling")]
    [InlineData("my throat is closing up", "allergic-swelling")]
    [InlineData("my mum collapsed and is not breathing", "collapse")]
    [InlineData("he is unresponsive on the floor", "collapse")]
    [InlineData("my daughter is having a seizure", "seizure")]
    [InlineData("he just had his first ever seizure", "seizure")]
    [InlineData("I have chest pain and feel sweaty", "chest-pain")]
    [InlineData("I swallowed a whole bottle of tablets", "overdose")]
    [InlineData("my son ate some of my medicine", "overdose")]
    [InlineData("after my MVD I have a fever and a stiff neck", "post-surgery-meningitis")]
    [InlineData("since the operation bright light hurts and my head is pounding", "post-surgery-meningitis")]
    [InlineData("clear fluid drips from my nose since my mvd", "post-surgery-csf-leak")]
    [InlineData("I've been saving my pills for tonight", "suicide-plan")]
    [InlineData("I'm going to end it tonight", "suicide-plan")]
    [InlineData("i worked out how i'd do it and nobody will stop me", "suicide-plan")]
    [InlineData("my sister sent us a goodbye text saying sorry for everything and now she's not picking up", "suicide-plan")]
    [InlineData("my son had what looked like a fit at school, first time ever", "seizure")]
    [InlineData("not a cold, i don't think - clear fluid drips from my nose when i lean forward, 10 days after my mvd", "post-surgery-csf-leak")]
    [InlineData("I'm going to take all my tablets tonight, I have a plan and a date", "suicide-plan")]
    [InlineData("she's taken far more baclofen than she should, the box is nearly empty", "overdose")]
    // Within a tier, the situation that explains the signs is named: an overdose over its slurred speech or
    // unsteadiness, meningitis over confused talk after surgery, the injection over breathlessness, chest pain over it.
    [InlineData("he swallowed a full blister strip of his tablets an hour ago and his speech has gone slurred", "overdose")]
    [InlineData("she took her pills three times this morning and again at noon and now she can't walk straight", "overdose")]
    [InlineData("four days after the operation he has a high fever and is talking nonsense", "post-surgery-meningitis")]
    [InlineData("since her botox on monday she can't finish a sentence without gasping for air", "injection-breathing-swallowing")]
    [InlineData("my dad has crushing pain in his chest and is short of breath", "chest-pain")]
    [InlineData("my sister is fitting on the kitchen floor and it is not stopping", "seizure")]
    [InlineData("uncle slumped off his armchair and is making gurgling noises", "collapse")]
    [InlineData("he kept taking more gabapentin because of the pain, maybe twelve tonight", "overdose")]
    [InlineData("there is a clear wet patch on my dressing from the op and it keeps getting bigger", "post-surgery-csf-leak")]
    [InlineData("the headache came on in literally a second, never had anything like it", "sudden-severe-headache")]
    [InlineData("i have said my goodbyes and the tablets and the whisky are here, would that be enough", "suicide-plan")]
    public void Emergencies_get_the_emergency_tier_and_their_situation(string text, string situation)
    {
        var a = fixture.Ask(text);
        Assert.Equal(AnswerKind.Emergency, a.Kind);
        Assert.Equal(Urgency.CallEmergencyNow, a.Urgency);
        Assert.Equal(situation, a.RuleId);
        Assert.Equal("en", a.Locale);
    }

    [Theory]
    [InlineData("I suddenly can't hear out of my left ear", "sudden-hearing-loss")]
    [InlineData("woke up deaf in one ear", "sudden-hearing-loss")]
    [InlineData("painful blisters in my ear and my face is weak", "ramsay-hunt")]
    [InlineData("my eye is red and painful since the botox", "eye-after-injection")]
    [InlineData("blurry vision after the injection near my eye", "eye-after-injection")]
    [InlineData("my mvd wound is red and oozing pus", "wound-infection")]
    [InlineData("is it normal for my scar to have yellowish discharge? the op was 10 days ago", "wound-infection")]
    [InlineData("is it normal to have a sore red eye since the injections? it's worse today", "eye-after-injection")]
    [InlineData("since this morning the hearing in my left ear has basically gone", "sudden-hearing-loss")]
    [InlineData("my ear is full of blisters and now my face has gone floppy on that side", "ramsay-hunt")]
    public void Same_day_situations_get_care_today(string text, string situation)
    {
        var a = fixture.Ask(text);
        Assert.Equal(Urgency.CareToday, a.Urgency);
        Assert.Equal(AnswerKind.Emergency, a.Kind);
        Assert.Equal(situation, a.RuleId);
    }

    [Theory]
    [InlineData("my mouth droops a little days after my botox")]
    [InlineData("my eyelid is drooping since the injection on friday")]
    [InlineData("since my botox my eye doesn't close fully")]
    [InlineData("dry eye since the injections")]
    [InlineData("small bruise where the botox needle went in")]
    [InlineData("my smile has gone lopsided since the botox on tuesday")]
    [InlineData("the jabs left me with a droopy mouth this time")]
    [InlineData("since the botox on tuesday i cannot wink on that side")]
    public void Expected_injection_effects_send_the_person_to_the_treating_clinic(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal(Urgency.CallTreatingClinic, a.Urgency);
        Assert.Equal("injection-expected-effect", a.RuleId);
        Assert.DoesNotContain("stroke", a.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("I can't go on like this")]
    [InlineData("sometimes I wish I wouldn't wake up")]
    [InlineData("I feel hopeless and I don't want to be here anymore")]
    [InlineData("honestly i wouldn't mind if i didn't wake up one morning")]
    [InlineData("my dad keeps saying he wishes he was dead because of his face")]
    [InlineData("some nights i feel like ending it all")]
    [InlineData("my family would be happier if i was gone, i have no plans")]
    [InlineData("most nights I go to bed hoping I won't wake up")]
    [InlineData("honestly i am just tired of existing with this face")]
    [InlineData("they would all be better off without me")]
    [InlineData("why bother living?")]
    [InlineData("is life even worth it with this face")]
    public void Despair_without_a_plan_gets_crisis_support(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal(Urgency.CrisisSupport, a.Urgency);
        Assert.Equal("despair", a.RuleId);
        Assert.Contains("988", a.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my face droops when the spasm comes")]
    [InlineData("I woke up and fell back asleep")]
    [InlineData("I cut myself shaving near the injection site")]
    [InlineData("am I going to die?")]
    [InlineData("what are the signs of a stroke?")]
    [InlineData("can botox make my eyelid droop?")]
    [InlineData("I've had a droopy eyelid for years")]
    [InlineData("I don't have a fever or a stiff neck after my mvd")]
    [InlineData("is hemifacial spasm a kind of seizure?")]
    [InlineData("can carbamazepine cause chest pain?")]
    [InlineData("what is the risk of hearing loss after MVD?")]
    [InlineData("I have a cold and a runny nose")]
    [InlineData("during a spasm I can't see out of that eye")]
    [InlineData("this twitching is driving me crazy")]
    [InlineData("is botox worth it?")]
    [InlineData("is it worth the risk of surgery?")]
    public void Harmless_messages_are_not_treated_as_a_safety_situation(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal(Urgency.None, a.Urgency);
        Assert.NotEqual(AnswerKind.Emergency, a.Kind);
    }

    /// <summary>The cues added from retired set 3's false alarms, in general terms (paraphrases, not its messages).</summary>
    [Theory]
    [InlineData("I had a seizure when I was a teen, I'm 30 now, is carbamazepine ok for me?")]
    [InlineData("last summer I was in a dark place and thought about ending things, but I'm doing well now")]
    [InlineData("haven't had botox for 5 months, I choked on my tea earlier, fine now, does hfs affect swallowing?")]
    [InlineData("I have never had surgery but I woke up with a stiff neck and a slight fever, can that make twitching worse?")]
    [InlineData("my brother collapsed with laughter when my eye winked at him")]
    [InlineData("my arm is sore after the flu jab, can I still have my botox on monday?")]
    [InlineData("what percentage of patients get meningitis after mvd?")]
    [InlineData("my mouth looks crooked when I'm tired, it has done that since forever")]
    [InlineData("Hace un año tuve el párpado caído después del bótox, ¿es normal?")]
    [InlineData("whats a thunderclap headache exactly?")]
    [InlineData("can the spasm cause a heart attack?")]
    [InlineData("will botox injections give me dry eyes?")]
    [InlineData("does everyone get a droopy eyelid after botox?")]
    [InlineData("il mese scorso avevo la bocca storta dopo il botox, ora è passata")]
    [InlineData("tuve la boca torcida el mes pasado por el bótox pero ya se me quitó")]
    [InlineData("my boss practically collapsed when I said I needed time off for the operation")]
    [InlineData("filling in this insurance paperwork is the worst headache of my life")]
    [InlineData("I missed a dose of clonazepam last night, what should I do?")]
    [InlineData("my grandad has been deaf in one ear since he was a boy, can he still have the operation?")]
    [InlineData("¿qué pasa si me sale líquido por la nariz después de la operación?")]
    [InlineData("Was mache ich, wenn nach der OP Fieber kommt? Frage nur vorsorglich")]
    [InlineData("cosa devo fare se dopo il botox faccio fatica a deglutire?")]
    [InlineData("i overdosed on coffee today and the twitch is wild, is caffeine a trigger?")]
    [InlineData("can botox injections make my eyelid droop?")]
    [InlineData("my face is not drooping at all, it just twitches more today")]
    [InlineData("been reading up on csf leaks and meningitis after mvd, now im scared, how common are they?")]
    [InlineData("my mouth corner has sat a little lower for years of botox now, is that permanent?")]
    [InlineData("does botox in the lower face make chewing or swallowing harder?")]
    [InlineData("just planning ahead: what is the rule if a grandchild swallowed one of my tablets?")]
    public void Past_events_figures_of_speech_questions_and_denied_contexts_raise_no_alarm(string text)
    {
        var a = fixture.Ask(text);
        Assert.Equal(Urgency.None, a.Urgency);
        Assert.NotEqual(AnswerKind.Emergency, a.Kind);
    }

    [Theory]
    [InlineData("she had a seizure as a child and right now she is having a seizure again", "seizure")]
    [InlineData("I had botox last week and now I can't swallow properly", "injection-breathing-swallowing")]
    [InlineData("had my mvd 8 days ago, never had a headache like this, fever and a stiff neck now", "post-surgery-meningitis")]
    public void A_present_emergency_beside_a_past_or_denied_one_still_counts(string text, string situation)
    {
        var a = fixture.Ask(text);
        Assert.Equal(AnswerKind.Emergency, a.Kind);
        Assert.Equal(situation, a.RuleId);
    }

    [Fact]
    public void A_stroke_at_the_end_of_a_six_thousand_character_message_is_caught()
    {
        var filler = string.Join(' ', Enumerable.Repeat("my eye twitches a lot and I would like to know more about the treatments.", 80));
        Assert.True(filler.Length > 5_900);
        var a = fixture.Ask(filler + " And now my face has suddenly drooped and my arm is weak.");
        Assert.Equal("stroke", a.RuleId);
        Assert.Equal(Urgency.CallEmergencyNow, a.Urgency);
    }

    [Fact]
    public void A_safety_reply_carries_no_disclaimer_sources_or_buttons_but_advice()
    {
        var a = fixture.Ask("my face suddenly drooped", first: true);
        Assert.Null(a.Disclaimer);
        Assert.Empty(a.Citations);
        Assert.Empty(a.FollowUps);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crisis_found_beside_a_medical_emergency_adds_its_text_after_it()
    {
        var a = fixture.Ask("I swallowed all my tablets because I don't want to live anymore");
        Assert.Equal("overdose", a.RuleId);
        var overdose = fixture.Safety.ById["overdose"].Texts["en"];
        Assert.StartsWith(overdose, a.Text, StringComparison.Ordinal);
        Assert.Contains(fixture.Safety.ById["despair"].Texts["en"], a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_situation_of_the_taxonomy_has_its_tier_own_text_in_six_languages_and_references()
    {
        Assert.Equal(SituationIds.Tiers.Keys.Order(StringComparer.Ordinal), fixture.Safety.Situations.Select(s => s.Id).Order(StringComparer.Ordinal));
        foreach (var s in fixture.Safety.Situations)
        {
            Assert.Equal(SituationIds.Tiers[s.Id], s.Urgency);
            Assert.NotEmpty(s.ReferenceIds);
            Assert.Contains(s.ReferenceIds, r => fixture.Knowledge.References[r].Tier == ReferenceTier.A);
            Assert.Equal(["de", "en", "es", "fr", "it", "pt"], s.Texts.Keys.Order(StringComparer.Ordinal));
        }

        var texts = fixture.Safety.Situations.Select(s => s.Texts["en"]).ToArray();
        Assert.Equal(texts.Length, texts.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("post-surgery-csf-leak")]
    [InlineData("post-surgery-meningitis")]
    [InlineData("overdose")]
    [InlineData("sudden-hearing-loss")]
    [InlineData("injection-expected-effect")]
    public void Texts_other_than_stroke_do_not_call_it_a_stroke_sign(string situation)
    {
        foreach (var (_, text) in fixture.Safety.ById[situation].Texts)
        {
            Assert.DoesNotContain("sign of a stroke", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("signs of a stroke", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(Urgency.CallEmergencyNow, "emergency number now")]
    [InlineData(Urgency.CareToday, "care today")]
    [InlineData(Urgency.CallTreatingClinic, "call the clinic")]
    [InlineData(Urgency.CrisisSupport, "crisis line")]
    public void Each_tier_s_texts_say_what_to_do_in_plain_words(Urgency tier, string words)
    {
        foreach (var s in fixture.Safety.Situations.Where(s => s.Urgency == tier))
        {
            Assert.Contains(words, s.Texts["en"], StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_example_bank_has_at_least_800_examples_with_every_situation_and_none()
    {
        Assert.True(fixture.Safety.Examples.Count >= 800, $"{fixture.Safety.Examples.Count} examples");
        foreach (var label in SituationIds.Tiers.Keys.Append(SituationIds.None))
        {
            Assert.True(fixture.Safety.Examples.Count(e => e.Label == label) >= (label == SituationIds.None ? 200 : 10), label);
        }
    }
}
