using Bot.Knowledge.Model;

namespace Bot.Answers.Tests;

public sealed class AnswerEngineTests : IDisposable
{
    private readonly AnswerEngine _engine = new(TestKnowledge.Create());

    private Answer Ask(string text, bool first = false) => _engine.Answer(new Question(text, first));

    [Fact]
    public void A_clear_question_gets_the_matching_fact_with_citations_and_neurologist_advice()
    {
        var a = Ask("What causes hemifacial spasm?");
        Assert.Equal(AnswerKind.Fact, a.Kind);
        Assert.Equal("hfs-cause", a.FactIds[0]);
        Assert.Contains("[1]", a.Text, StringComparison.Ordinal);
        Assert.NotEmpty(a.Citations);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
        Assert.InRange(a.Score, 0.01, 1);
    }

    [Fact]
    public void Lay_words_and_typos_reach_the_fact()
    {
        Assert.Equal("hfs-botox", Ask("does botox help the twitching").FactIds.FirstOrDefault());
        Assert.Equal("hfs-sleep", Ask("do the spazms stop at nite when sleeping").FactIds.FirstOrDefault());
        Assert.Equal("hfs-mvd", Ask("what is microvascular decompresion").FactIds.FirstOrDefault());
    }

    [Fact]
    public void Surgical_facts_add_neurosurgeon_advice()
    {
        var a = Ask("What is the Jannetta procedure?");
        Assert.Equal("hfs-mvd", a.FactIds[0]);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
        Assert.Contains("neurosurgeon", a.Advice, StringComparison.Ordinal);
        Assert.DoesNotContain("neurosurgeon", Ask("What causes hemifacial spasm?").Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void The_disclaimer_is_on_the_first_answer_of_a_conversation_only()
    {
        Assert.Equal("General information, not a diagnosis.", Ask("What is HFS?", first: true).Disclaimer);
        Assert.Null(Ask("What is HFS?").Disclaimer);
        Assert.NotNull(Ask("What is the capital of Australia?", first: true).Disclaimer);
    }

    [Fact]
    public void Follow_ups_come_from_related_facts_and_never_repeat_the_answer()
    {
        var a = Ask("What is hemifacial spasm?");
        Assert.Equal(["hfs-cause", "hfs-botox"], a.FollowUps.Take(2).Select(f => f.FactId));
        Assert.DoesNotContain(a.FollowUps, f => a.FactIds.Contains(f.FactId!));
    }

    [Fact]
    public void Two_questions_in_one_message_get_two_facts()
    {
        var a = Ask("What causes hemifacial spasm and does it continue during sleep?");
        Assert.Equal(AnswerKind.Fact, a.Kind);
        Assert.Equal(["hfs-cause", "hfs-sleep"], a.FactIds);
    }

    [Theory]
    [InlineData("my face suddenly drooped and I want to know about botox dose")]
    [InlineData("I'm slurring my words, what is hemifacial spasm")]
    public void The_emergency_screen_runs_first_and_its_message_stands_alone(string text)
    {
        var a = Ask(text, first: true);
        Assert.Equal(AnswerKind.Emergency, a.Kind);
        Assert.Equal("Call your local emergency number now.", a.Text);
        Assert.Empty(a.Citations);
        Assert.Empty(a.FollowUps);
        Assert.Null(a.Disclaimer);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_red_flag_late_in_a_very_long_message_is_still_found()
    {
        var a = Ask(string.Join(' ', Enumerable.Repeat("my eye twitches a lot", 300)) + " and now my face is drooping");
        Assert.Equal(AnswerKind.Emergency, a.Kind);
    }

    [Fact]
    public void Thoughts_of_self_harm_get_the_crisis_text()
    {
        var a = Ask("this twitching makes me want to kill myself");
        Assert.Equal(AnswerKind.Emergency, a.Kind);
        Assert.Equal("self-harm", a.RuleId);
        Assert.Equal("Call a crisis line now.", a.Text);
    }

    [Theory]
    [InlineData("Can you diagnose my twitch?", "diagnose", TextKeys.CannotDiagnose)]
    [InlineData("How much botox should I take?", "dosing", TextKeys.NoDosing)]
    [InlineData("where to buy cheap botox", "buying", TextKeys.NoBuying)]
    public void Refusals_answer_with_their_text_and_neurologist_advice(string text, string rule, string key)
    {
        var a = Ask(text);
        Assert.Equal(AnswerKind.Refusal, a.Kind);
        Assert.Equal(rule, a.RuleId);
        Assert.Equal($"TEXT[{key}] about hemifacial spasm.", a.Text);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
        Assert.Empty(a.Citations);
    }

    [Theory]
    [InlineData("hello", "smalltalk-greeting")]
    [InlineData("Thanks a lot!", "smalltalk-thanks")]
    [InlineData("help", "smalltalk-help")]
    [InlineData("what can you do?", "smalltalk-help")]
    [InlineData("who are you?", "smalltalk-about")]
    [InlineData("bye", "smalltalk-goodbye")]
    public void Small_talk_gets_its_reply_without_advice(string text, string rule)
    {
        var a = Ask(text);
        Assert.Equal(AnswerKind.SmallTalk, a.Kind);
        Assert.Equal(rule, a.RuleId);
        Assert.Equal("", a.Advice);
    }

    [Fact]
    public void Small_talk_never_outranks_a_medical_match()
    {
        var a = Ask("Hi there! Thanks. What causes hemifacial spasm?");
        Assert.Equal(AnswerKind.Fact, a.Kind);
        Assert.Equal("hfs-cause", a.FactIds[0]);
    }

    [Theory]
    [InlineData("What is the capital of Australia?")]
    [InlineData("will it rain tomorrow")]
    [InlineData("how do I bake bread")]
    public void Questions_about_other_subjects_are_out_of_scope(string text)
    {
        var a = Ask(text);
        Assert.Equal(AnswerKind.OutOfScope, a.Kind);
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
        Assert.NotEmpty(a.FollowUps);
    }

    [Fact]
    public void An_unanswerable_question_about_the_subject_gets_an_honest_fallback_with_suggestions()
    {
        var a = Ask("Does hemifacial spasm affect pregnancy and breastfeeding?");
        Assert.Equal(AnswerKind.Fallback, a.Kind);
        Assert.NotEmpty(a.FollowUps);
        Assert.Empty(a.Citations);
    }

    [Fact]
    public void Close_scores_give_a_did_you_mean_choice()
    {
        // Two facts with the same stored question and nothing to tell them apart.
        using var engine = new AnswerEngine(TestKnowledge.Create(facts =>
        {
            facts.Add(TestKnowledge.Fact("twin-a", "x", "Alpha answer about eyelids.", ["Tell me about eyelid spasm", "eyelid spasm a", "eyelid spasm b", "eyelid spasm c"], ["sp"]));
            facts.Add(TestKnowledge.Fact("twin-b", "x", "Beta answer about eyelids.", ["Tell me about eyelid spasm", "eyelid spasm a", "eyelid spasm b", "eyelid spasm c"], ["sp"]));
        }));
        var a = engine.Answer(new Question("eyelid spasm"));
        Assert.Equal(AnswerKind.DidYouMean, a.Kind);
        Assert.Equal(["twin-a", "twin-b"], a.Choices.Select(c => c.FactId).Order(StringComparer.Ordinal));
        Assert.Contains("neurologist", a.Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<at>Bot</at>")]
    public void An_empty_message_gets_the_help_text(string text)
    {
        var a = Ask(text);
        Assert.Equal(AnswerKind.SmallTalk, a.Kind);
        Assert.Equal("empty", a.RuleId);
    }

    [Theory]
    [InlineData("spasm AND OR \"unbalanced (")]
    [InlineData("answer: NEAR(botox spasm) *")]
    [InlineData("'; DROP TABLE facts; --")]
    [InlineData("^^^ \"\" ** ()")]
    public void Query_syntax_in_a_message_is_harmless(string text)
    {
        var a = Ask(text);
        Assert.False(string.IsNullOrWhiteSpace(a.Text));
    }

    [Fact]
    public void A_long_message_is_answered_from_its_first_part_and_marked_truncated()
    {
        var a = Ask("What causes hemifacial spasm? " + string.Join(' ', Enumerable.Repeat("blah", 500)));
        Assert.True(a.Truncated);
        Assert.Equal("hfs-cause", a.FactIds.FirstOrDefault());
    }

    [Fact]
    public void Concurrent_calls_give_the_same_answers_as_sequential_ones()
    {
        string[] questions = ["What causes hemifacial spasm?", "does botox help", "hello", "What is the capital of Australia?", "my face suddenly drooped"];
        var expected = questions.Select(q => Ask(q)).ToArray();
        var results = new Answer[400];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = Ask(questions[i % questions.Length]));
        for (var i = 0; i < results.Length; i++)
        {
            var e = expected[i % questions.Length];
            Assert.Equal(e.Kind, results[i].Kind);
            Assert.Equal(e.FactIds, results[i].FactIds);
            Assert.Equal(e.Text, results[i].Text);
        }
    }

    [Fact]
    public void Missing_required_texts_are_reported_at_construction()
    {
        var kb = TestKnowledge.Create();
        var texts = kb.Texts.Where(kv => kv.Key != TextKeys.Fallback).ToDictionary();
        var e = Assert.Throws<ArgumentException>(() => new AnswerEngine(kb with { Texts = texts }));
        Assert.Contains("fallback", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_setting_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new AnswerEngine(TestKnowledge.Create(), new AnswerEngineOptions { MinCoverage = 2 }));
        Assert.Contains("MinCoverage", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_directory_built_from_other_knowledge_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), "hfs-engine-" + Guid.NewGuid().ToString("N"));
        try
        {
            var other = TestKnowledge.Create(f => f.RemoveAt(0));
            using (var index = AnswerEngine.BuildIndex(other))
            {
                index.Save(path);
            }

            Assert.Throws<InvalidDataException>(() => AnswerEngine.LoadIndex(path, TestKnowledge.Create()));
            using var ok = AnswerEngine.LoadIndex(path, other);
            using var engine = new AnswerEngine(other, null, ok);
            Assert.Equal("hfs-cause", engine.Answer(new Question("what causes hemifacial spasm")).FactIds[0]);
            using var owned = AnswerEngine.WithIndexDirectory(other, null, path);
            Assert.Equal("hfs-cause", owned.Answer(new Question("what causes hemifacial spasm")).FactIds[0]);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public void Dispose() => _engine.Dispose();
}
