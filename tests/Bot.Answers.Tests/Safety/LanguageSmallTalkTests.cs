using Bot.Answers.Safety;
using Bot.Answers.Text;

namespace Bot.Answers.Tests.Safety;

/// <summary>Greetings, thanks and goodbyes in the other languages: nothing but those words is small talk, in that language.</summary>
public sealed class LanguageSmallTalkTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    private static readonly IReadOnlyList<LanguageSmallTalk> Spanish =
    [
        LanguageSmallTalk.Create(SmallTalkIntent.Greeting, ["hola", "buenos días"], "¡Hola!"),
        LanguageSmallTalk.Create(SmallTalkIntent.Thanks, ["gracias", "muchas gracias"], "De nada."),
    ];

    private static string N(string text) => TextNormalizer.Normalize(text, TextNormalizer.HardLimit).Text;

    [Theory]
    [InlineData("gracias", SmallTalkIntent.Thanks)]
    [InlineData("¡Muchas gracias!!", SmallTalkIntent.Thanks)]
    [InlineData("Buenos dias", SmallTalkIntent.Greeting)]
    [InlineData("hola, muchas gracias", SmallTalkIntent.Greeting)]
    public void A_message_of_nothing_but_small_talk_words_names_the_first_intent_found(string text, SmallTalkIntent intent)
    {
        Assert.Equal(intent, LanguageSmallTalk.Match(Spanish, N(text))?.Intent);
    }

    [Theory]
    [InlineData("gracias, ¿cuánto dura el bótox?")]
    [InlineData("hola doctor")]
    [InlineData("")]
    [InlineData("?!")]
    public void Any_other_word_beside_them_is_not_small_talk(string text)
    {
        Assert.Null(LanguageSmallTalk.Match(Spanish, N(text)));
    }

    [Theory]
    [InlineData("gracias", "es", "De nada.")]
    [InlineData("merci beaucoup", "fr", "Je vous en prie.")]
    [InlineData("danke schön", "de", "Gern geschehen.")]
    [InlineData("muito obrigada!", "pt", "De nada.")]
    [InlineData("ciao!", "it", "Ciao!")]
    [InlineData("hasta luego", "es", "Adiós")]
    public void The_engine_answers_it_in_the_language_and_says_it_answers_in_english(string text, string locale, string reply)
    {
        var a = fixture.Engine.Answer(new Question(text, true, null));
        Assert.Equal(AnswerKind.SmallTalk, a.Kind);
        Assert.Equal(locale, a.Locale);
        Assert.StartsWith(reply, a.Text, StringComparison.Ordinal);
        var language = fixture.Safety.Languages.Single(l => l.Code == locale);
        Assert.EndsWith(language.EnglishOnly, a.Text, StringComparison.Ordinal);
        Assert.Equal(language.Disclaimer, a.Disclaimer);
    }

    [Fact]
    public void A_question_in_another_language_after_thanks_still_gets_the_english_only_reply()
    {
        var a = fixture.Engine.Answer(new Question("gracias, ¿y cuánto dura el efecto del bótox?", false, null));
        Assert.Equal(AnswerKind.OutOfScope, a.Kind);
        Assert.Equal("other-language", a.RuleId);
    }

    [Fact]
    public void An_emergency_after_thanks_in_another_language_is_triaged_first()
    {
        var a = fixture.Engine.Answer(new Question("gracias. mi padre no puede hablar y tiene la cara caída desde hace diez minutos", false, null));
        Assert.Equal(AnswerKind.Emergency, a.Kind);
    }
}
