using Bot.Answers.Query;

namespace Bot.Answers.Tests.Query;

public class QuestionFormsTests
{
    [Theory]
    [InlineData("what is hemifacial spasm?", "qf-what")]
    [InlineData("which doctor treats it", "qf-what")]
    [InlineData("what kind of doctor should i see", "qf-what")]
    [InlineData("hemifacial spasm meaning", "qf-what")]
    [InlineData("tell me about botox", "qf-what")]
    [InlineData("ok so how is it diagnosed", "qf-how")]
    [InlineData("why does it happen", "qf-why")]
    [InlineData("can it go away", "qf-yesno")]
    [InlineData("is it dangerous", "qf-yesno")]
    [InlineData("who first described it", "qf-who")]
    public void The_opening_words_give_the_kind_of_question(string text, string form)
    {
        Assert.Equal(form, QuestionForms.Of(text));
    }

    [Fact]
    public void A_statement_has_no_question_form()
    {
        Assert.Null(QuestionForms.Of("my eye twitches"));
    }
}
