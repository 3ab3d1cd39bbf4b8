using Bot.Answers.Query;
using Bot.Answers.Tests.Evaluation;

namespace Bot.Answers.Tests.Query;

public class MessageShapeTests
{
    [Theory]
    [InlineData("what is 15 times 12", true)]
    [InlineData("2+2", true)]
    [InlineData("12 x 7?", true)]
    [InlineData("I have had injections every 3-4 months", false)]
    [InlineData("botox 25 times", false)]
    public void Arithmetic_is_recognised_only_when_it_is_the_whole_message(string text, bool expected)
    {
        Assert.Equal(expected, MessageShape.IsArithmetic(text));
    }

    [Theory]
    [InlineData("is that safe?", true)]
    [InlineData("and for children?", true)]
    [InlineData("how successful is it", true)]
    [InlineData("what causes hemifacial spasm", false)]
    public void A_pronoun_or_a_lead_in_refers_back(string text, bool expected)
    {
        Assert.Equal(expected, MessageShape.RefersBack(text));
    }

    [Theory]
    [InlineData("that really helped", true)]
    [InlineData("that was useful", true)]
    [InlineData("did that help?", false)]
    [InlineData("what helped you", false)]
    public void An_acknowledgement_is_not_a_question(string text, bool expected)
    {
        Assert.Equal(expected, MessageShape.IsAcknowledgement(text));
    }

    [Theory]
    [InlineData("driving", true)]
    [InlineData("times", true)]
    [InlineData("botox?", false)]
    [InlineData("what is mvd", false)]
    public void One_or_two_words_without_a_question_are_a_fragment(string text, bool expected)
    {
        Assert.Equal(expected, MessageShape.IsFragment(text));
    }

    [Theory]
    [InlineData("ok", SocialShape.Interjection)]
    [InlineData("hmm...", SocialShape.Interjection)]
    [InlineData("got it", SocialShape.Interjection)]
    [InlineData("is anybody there?", SocialShape.PresenceCheck)]
    [InlineData("are you still there", SocialShape.PresenceCheck)]
    [InlineData("i am the carer of my mum", SocialShape.Remark)]
    [InlineData("this bot is rubbish", SocialShape.Remark)]
    [InlineData("ok so is botox safe?", SocialShape.None)]
    [InlineData("my toddler has a rash", SocialShape.None)]
    [InlineData("i'm a carer, how do i help my dad with his spasms?", SocialShape.None)]
    public void Conversation_around_the_questions_is_recognised_only_as_the_whole_message(string text, SocialShape expected)
    {
        Assert.Equal(expected, MessageShape.Social(text));
    }

    [Theory]
    [InlineData("who performs the microvascular decompression?", true)]
    [InlineData("who performs microvascular decompression?", false)]
    [InlineData("can a blood test show hemifacial spasm", true)]
    [InlineData("botox or surgery?", false)]
    [InlineData("surgery risks hearing loss facial weakness", false)]
    public void A_full_question_asks_in_five_words_or_more(string text, bool expected)
    {
        Assert.Equal(expected, MessageShape.IsFullQuestion(text));
    }
}

/// <summary>Message understanding and follow-ups on the real knowledge (shares the case-set fixture's engine).</summary>
public sealed class MessageUnderstandingTests(CaseSetFixture fixture) : IClassFixture<CaseSetFixture>
{
    private Answer Ask(string text, string? topic = null) => fixture.Engine.Answer(new Question(text, false, topic));

    /// <summary>Asks <paramref name="text"/> as the next turn after <paramref name="first"/>, which must have set a topic.</summary>
    private Answer AskAfter(string first, string text)
    {
        var topic = Ask(first).Topic;
        Assert.False(string.IsNullOrEmpty(topic), $"'{first}' set no topic");
        return Ask(text, topic);
    }

    [Theory]
    [InlineData("thanks so much, that really helped")]
    [InlineData("thanks, that helped")]
    [InlineData("that was really useful")]
    [InlineData("thnks a lot")]
    [InlineData("thanx!!")]
    public void Thanks_and_a_verdict_on_the_last_answer_are_small_talk(string text)
    {
        Assert.Equal(AnswerKind.SmallTalk, Ask(text).Kind);
    }

    [Theory]
    [InlineData("Nice to meet you!")]
    [InlineData("hi, I just wanted to say hello")]
    [InlineData("What kind of questions can I ask you about?")]
    [InlineData("what can you help me with")]
    [InlineData("How do I use this chatbot?")]
    [InlineData("Can I ask you a question?")]
    [InlineData("okay cool")]
    [InlineData("are you ChatGPT?")]
    [InlineData("this is rubbish, you didn't answer my question")]
    public void Greetings_and_questions_about_using_the_bot_are_small_talk_not_out_of_scope(string text)
    {
        Assert.Equal(AnswerKind.SmallTalk, Ask(text).Kind);
    }

    [Theory]
    [InlineData("ok thanks")]
    [InlineData("okay thank you")]
    [InlineData("ok bye")]
    public void Thanks_or_goodbye_with_an_interjection_after_an_answer_is_small_talk_not_a_follow_up(string text)
    {
        Assert.Equal(AnswerKind.SmallTalk, AskAfter("What causes hemifacial spasm?", text).Kind);
    }

    [Theory]
    [InlineData("thanks, that explains a lot")]
    [InlineData("thanks for the tips")]
    [InlineData("thank you so much, you have been very kind")]
    [InlineData("many thanks, I feel better now")]
    public void Thanks_with_a_remark_that_asks_nothing_is_small_talk_even_after_a_topic(string text)
    {
        Assert.Equal(AnswerKind.SmallTalk, AskAfter("What can I do at home to reduce the twitching?", text).Kind);
    }

    [Theory]
    [InlineData("thanks, and how long does the botox last?")]
    [InlineData("thank you. what about surgery")]
    [InlineData("thanks, botox side effects")]
    public void Thanks_before_a_question_or_a_subject_is_answered_as_a_question(string text)
    {
        Assert.NotEqual(AnswerKind.SmallTalk, AskAfter("What causes hemifacial spasm?", text).Kind);
    }

    [Fact]
    public void Thanks_for_helping_before_a_question_does_not_hide_the_question()
    {
        var a = Ask("thanks so much for helping!! one more - does stress make hemifacial spasm worse?");
        Assert.Equal(AnswerKind.Fact, a.Kind);
    }

    [Fact]
    public void Asked_which_languages_it_speaks_the_bot_says_it_answers_in_english()
    {
        var a = Ask("what languages do you speak?");
        Assert.Equal(AnswerKind.SmallTalk, a.Kind);
        Assert.Contains("English", a.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("what is 15 times 12")]
    [InlineData("can my dog get hemifacial spasm")]
    public void Arithmetic_and_animals_are_out_of_scope(string text)
    {
        Assert.Equal(AnswerKind.OutOfScope, Ask(text).Kind);
    }

    [Theory]
    [InlineData("driving")]
    [InlineData("helped")]
    [InlineData("called")]
    [InlineData("times")]
    [InlineData("exit")]
    [InlineData("clear")]
    public void A_single_word_never_gets_a_confident_fact(string text)
    {
        Assert.NotEqual(AnswerKind.Fact, Ask(text).Kind);
    }

    [Fact]
    public void A_follow_up_without_a_subject_is_read_against_the_conversation_topic()
    {
        var first = Ask("what is microvascular decompression");
        Assert.Equal("mvd-what-is-it", first.FactIds[0]);
        Assert.False(string.IsNullOrEmpty(first.Topic));
        var follow = Ask("how successful is it?", first.Topic);
        Assert.Equal(AnswerKind.Fact, follow.Kind);
        Assert.Equal("mvd-success", follow.FactIds[0]);
    }

    [Fact]
    public void A_new_subject_resets_the_topic()
    {
        var topic = Ask("what is microvascular decompression").Topic;
        var next = Ask("what causes hemifacial spasm", topic);
        Assert.Equal("hfs-cause", next.FactIds[0]);
        Assert.Equal("hemifacial spasm", next.Topic);
    }

    [Fact]
    public void A_follow_up_after_a_fact_about_the_condition_as_a_whole_stays_in_scope()
    {
        var first = Ask("what is hemifacial spasm");
        Assert.Equal(AnswerKind.Fact, first.Kind);
        Assert.False(string.IsNullOrEmpty(first.Topic));

        Assert.NotEqual(AnswerKind.OutOfScope, Ask("and for children?", first.Topic).Kind);
    }

    [Fact]
    public void A_short_question_about_something_else_stays_out_of_scope_after_a_fact()
    {
        var topic = Ask("what is hemifacial spasm").Topic;

        Assert.Equal(AnswerKind.OutOfScope, Ask("what's the capital of France?", topic).Kind);
    }

    [Theory]
    [InlineData("ok", AnswerKind.SmallTalk)]
    [InlineData("is anyone there?", AnswerKind.SmallTalk)]
    [InlineData("I'm a carer for my dad", AnswerKind.SmallTalk)]
    [InlineData("you're useless", AnswerKind.SmallTalk)]
    public void Conversation_around_the_questions_gets_small_talk_not_out_of_scope(string text, AnswerKind expected)
    {
        var answer = Ask(text);
        Assert.Equal(expected, answer.Kind);
        Assert.Empty(answer.FactIds);
    }

    [Fact]
    public void Small_talk_keeps_the_topic_for_the_next_question()
    {
        Assert.Equal("microvascular decompression", Ask("thanks", "microvascular decompression").Topic);
    }

    [Fact]
    public void Several_questions_in_one_message_are_answered_together()
    {
        var answer = Ask("what causes hemifacial spasm? and how is it treated?");
        Assert.Equal(AnswerKind.Fact, answer.Kind);
        Assert.True(answer.FactIds.Count >= 2, string.Join(",", answer.FactIds));
    }
}
