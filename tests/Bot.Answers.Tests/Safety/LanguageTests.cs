using Bot.Answers.Text;

namespace Bot.Answers.Tests.Safety;

/// <summary>Other languages: detection, emergencies recognised in es/fr/de/pt/it, and the "English for now" sentence.</summary>
public sealed class LanguageTests(SafetyFixture fixture) : IClassFixture<SafetyFixture>
{
    [Theory]
    [InlineData("What causes hemifacial spasm?", "en")]
    [InlineData("hola, what is hfs?", "en")]
    [InlineData("¿Qué causa el espasmo hemifacial?", "es")]
    [InlineData("Qu'est-ce qui cause le spasme de mon visage ?", "fr")]
    [InlineData("Was verursacht das Zucken in meinem Gesicht?", "de")]
    [InlineData("O que causa o espasmo no meu rosto?", "pt")]
    [InlineData("Che cosa causa lo spasmo della mia faccia?", "it")]
    [InlineData("Wat is de oorzaak van mijn trekkende oog?", "nl")]
    [InlineData("Что вызывает спазм лица?", "ru")]
    [InlineData("什么是面肌痉挛？", "zh")]
    [InlineData("Is hemifacial spasm classed as a movement disorder?", "en")]
    [InlineData("¿me voy a quedar así para siempre?", "es")]
    [InlineData("lo spasmo emifacciale è ereditario?", "it")]
    [InlineData("sono stanchissima ultimamente e dormo poco", "it")]
    [InlineData("vou ficar assim para sempre?", "pt")]
    [InlineData("Buenas tardes, ¿cómo está?", "es")]
    [InlineData("merci pour votre aide", "fr")]
    [InlineData("Guten Tag, wer bist du?", "de")]
    [InlineData("Boa tarde, tudo bem?", "pt")]
    [InlineData("Grazie mille, buongiorno", "it")]
    [InlineData("Mąż źle się czuje po zastrzyku", "pl")]
    [InlineData("Yüzümde seğirme başladı", "tr")]
    public void The_detector_names_the_language(string text, string code)
    {
        var n = TextNormalizer.Normalize(text, 600);
        Assert.Equal(code, fixture.Engine.Triage.Languages.Detect(n.Full, text));
    }

    [Theory]
    [InlineData("de repente se me cayó la cara de un lado y no puedo hablar", "es", "stroke")]
    [InlineData("desde la inyección de bótox no puedo tragar", "es", "injection-breathing-swallowing")]
    [InlineData("mon visage s'est affaissé d'un coup", "fr", "stroke")]
    [InlineData("je vais me suicider ce soir", "fr", "suicide-plan")]
    [InlineData("ich habe plötzlich starke Schmerzen in der Brust", "de", "chest-pain")]
    [InlineData("seit der Operation habe ich Fieber und einen steifen Nacken", "de", "post-surgery-meningitis")]
    [InlineData("não consigo respirar depois do botox", "pt", "injection-breathing-swallowing")]
    [InlineData("não aguento mais, não quero viver assim", "pt", "despair")]
    [InlineData("mio padre è svenuto e non respira", "it", "collapse")]
    [InlineData("all'improvviso non sento più da un orecchio", "it", "sudden-hearing-loss")]
    [InlineData("mi madre dice que todos estarían mejor sin mí", "es", "despair")]
    [InlineData("ma femme dit qu'elle préfère mourir plutôt que de vivre comme ça", "fr", "despair")]
    [InlineData("ich wäre lieber tot als so weiterzuleben", "de", "despair")]
    [InlineData("acho que todos ficariam melhor sem mim", "pt", "despair")]
    [InlineData("mio nonno ha preso circa 15 compresse di tegretol per sbaglio", "it", "overdose")]
    [InlineData("mi marido de repente empezó a hablar enredado", "es", "stroke")]
    [InlineData("me desperté sin oír nada del oído derecho", "es", "sudden-hearing-loss")]
    [InlineData("dopo l'operazione mi esce un liquido trasparente dal naso", "it", "post-surgery-csf-leak")]
    [InlineData("Mein Mann hatte vor einer Woche eine Dekompression, jetzt hat er Fieber und einen steifen Nacken", "de", "post-surgery-meningitis")]
    public void Emergencies_in_five_languages_are_answered_in_that_language(string text, string code, string situation)
    {
        var a = fixture.Ask(text);
        Assert.Equal(AnswerKind.Emergency, a.Kind);
        Assert.Equal(situation, a.RuleId);
        Assert.Equal(code, a.Locale);
        var language = fixture.Safety.Languages.Single(l => l.Code == code);
        Assert.StartsWith(fixture.Safety.ById[situation].Texts[code], a.Text, StringComparison.Ordinal);
        Assert.EndsWith(language.EnglishOnly, a.Text, StringComparison.Ordinal);
        Assert.Equal(language.Advice, a.Advice);
    }

    [Theory]
    [InlineData("¿Qué es el espasmo hemifacial?", "es")]
    [InlineData("Comment traite-t-on le spasme hémifacial ?", "fr")]
    [InlineData("Wie lange wirkt Botox bei mir?", "de")]
    [InlineData("Quanto tempo dura o efeito do botox?", "pt")]
    [InlineData("Quanto dura l'effetto del botox?", "it")]
    [InlineData("Hoe lang werkt botox bij mij?", "nl")]
    [InlineData("Как долго действует ботокс?", "ru")]
    public void Other_messages_in_another_language_get_the_english_for_now_sentence_in_it(string text, string code)
    {
        var a = fixture.Ask(text, first: true);
        var language = fixture.Safety.Languages.Single(l => l.Code == code);
        Assert.Equal(language.EnglishOnly, a.Text);
        Assert.Equal(code, a.Locale);
        Assert.Equal(Urgency.None, a.Urgency);
        Assert.NotEqual(AnswerKind.Fallback, a.Kind);
    }
}
