using System.Text.RegularExpressions;

namespace Bot.Answers.Query;

/// <summary>
/// What a (normalised) message is shaped like, before any fact is looked for: a follow-up that leans on
/// the conversation's topic ("is that safe?", "and for children?", "how successful is it?"), a fragment
/// without a question ("driving", "helped"), arithmetic ("what is 15 times 12") or a question about an
/// animal, which are out of scope however many medical words they share with a fact.
/// </summary>
public static partial class MessageShape
{
    /// <summary>A fragment has at most this many words.</summary>
    public const int FragmentWords = 2;

    /// <summary>A message this short with no subject of its own is read against the conversation's topic.</summary>
    public const int ShortFollowUpWords = 6;

    /// <summary>True when the message refers back: a pronoun standing for the subject, or an opening such as "and", "what about".</summary>
    public static bool RefersBack(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        return Pronoun().IsMatch(normalizedText) || LeadIn().IsMatch(normalizedText);
    }

    /// <summary>Number of words in the message.</summary>
    /// <summary>
    /// A follow-up read with the conversation's topic as one question: the topic's words go inside it, before its
    /// closing punctuation ("how successful is it?" + "microvascular decompression" gives "how successful is it
    /// microvascular decompression?"), so the question splitter does not read the topic as a second question.
    /// </summary>
    public static string WithTopic(string normalizedText, string topic)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        ArgumentNullException.ThrowIfNull(topic);
        var body = normalizedText.TrimEnd();
        var end = body.Length;
        while (end > 0 && body[end - 1] is '?' or '!' or '.' or ' ')
        {
            end--;
        }

        return string.Concat(body.AsSpan(0, end), " ", topic, body.AsSpan(end).Trim());
    }

    public static int WordCount(string normalizedText) => Words().Count(normalizedText);

    /// <summary>True for one or two words that neither ask (no "?", no question opening) nor name a question.</summary>
    public static bool IsFragment(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var text = normalizedText.Trim();
        return text.Length > 0 && WordCount(text) <= FragmentWords && !text.Contains('?', StringComparison.Ordinal) && QuestionForms.Of(text) is null;
    }

    /// <summary>Sums and products ("what is 15 times 12", "2+2", "12 x 7").</summary>
    public static bool IsArithmetic(string normalizedText) => Arithmetic().IsMatch(normalizedText ?? throw new ArgumentNullException(nameof(normalizedText)));

    /// <summary>Questions about an animal ("can my dog get hemifacial spasm").</summary>
    public static bool IsAboutAnimal(string normalizedText) => Animal().IsMatch(normalizedText ?? throw new ArgumentNullException(nameof(normalizedText)));

    /// <summary>"thanks, that helped", "that was useful": gratitude or a verdict on the last answer, not a question.</summary>
    public static bool IsAcknowledgement(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var text = normalizedText.Trim();
        return !text.Contains('?', StringComparison.Ordinal) && QuestionForms.Of(text) is null && Acknowledgement().IsMatch(text);
    }

    /// <summary>Words of a remark that could follow thanks: at most <see cref="RemarkWords"/> words, no "?" and no question opening.</summary>
    public static bool IsRemark(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var text = normalizedText.Trim();
        return WordCount(text) <= RemarkWords && !text.Contains('?', StringComparison.Ordinal) && QuestionForms.Of(text) is null;
    }

    /// <summary>The longest remark after thanks still read as part of the thanks.</summary>
    public const int RemarkWords = 6;

    /// <summary>
    /// Conversation around the questions rather than a question: an interjection ("ok", "hmm", "cool"), a
    /// check that someone is there ("is anyone there?", "how are you?"), or a remark about the person or the
    /// bot with no subject ("I'm a carer for my dad", "you're useless"). None for anything else.
    /// </summary>
    public static SocialShape Social(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var text = normalizedText.Trim();
        return Interjection().IsMatch(text) ? SocialShape.Interjection
            : PresenceCheck().IsMatch(text) ? SocialShape.PresenceCheck
            : Remark().IsMatch(text) ? SocialShape.Remark
            : SocialShape.None;
    }

    /// <summary>True when the message asks a full question: a "?" or a question opening, and at least <paramref name="words"/> words.</summary>
    public static bool IsFullQuestion(string normalizedText, int words = 5)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        return WordCount(normalizedText) >= words && (normalizedText.Contains('?', StringComparison.Ordinal) || QuestionForms.Of(normalizedText) is not null);
    }

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;

    /// <summary>Every pattern applied to user text (security review F3: all on the linear-time engine).</summary>
    public static IReadOnlyList<Regex> Patterns => [Pronoun(), LeadIn(), Words(), Arithmetic(), Animal(), Acknowledgement(), Interjection(), PresenceCheck(), Remark()];

    [GeneratedRegex(@"\b(it|its|it's|that|this|they|them|their|those|these|one|ones|he|she|him|her)\b", Options)]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"^\s*(and|also|plus|but|so|what about|how about|and what about|and for|what if)\b", Options)]
    private static partial Regex LeadIn();

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Words();

    [GeneratedRegex(@"^\W*(what('s| is)|whats|how much is|calculate|compute|solve|work out)?\s*\d+(\.\d+)?\s*(\+|-|\*|/|x|times|plus|minus|divided by|multiplied by|to the power of)\s*\d+(\.\d+)?\s*[=?!.]*\s*$", Options)]
    private static partial Regex Arithmetic();

    [GeneratedRegex(@"\b(dog|dogs|puppy|puppies|cat|cats|kitten|kittens|horse|horses|pony|rabbit|rabbits|hamster|guinea pig|parrot|bird|birds|cow|cows|sheep|goat|goats|pig|pigs|ferret|vet|veterinary)\b", Options)]
    private static partial Regex Animal();

    [GeneratedRegex(@"^(ok(ay)?[\s,]+)?(that|this|it|you|your answer)?\s*('s|s|is|was|were|has|have|really|so|very|\s)*(helped|helps|helpful|useful|great|perfect|clear|clearer|good|brilliant|excellent|makes sense|made sense|answers? (it|my question)|what i needed)\b", Options)]
    private static partial Regex Acknowledgement();

    [GeneratedRegex(@"^\W*(ok|okay|k|kk|okey|alright|all right|right|hmm+|h?mm+|um+|uh+|erm+|ah+|oh+|ooh|i see|got it|gotcha|cool|nice|fine|sure|yes|yeah|yep|no|nope|nah|wow|lol|lmao|rofl|ha(ha)+h?|he(he)+|oh ok(ay)?|ok(ay)? then|so)(\s+(then|ok|okay|thanks|cool|great|good))?\W*$", Options)]
    private static partial Regex Interjection();

    [GeneratedRegex(@"^\W*(hello|hi|hey)?\W*(is (any ?one|some ?one|anybody|somebody) (there|here|around|listening)|are you (there|still there|here|awake|working|listening|a real person)|anyone (there|home|around)|how are you( doing| today| doing today)?|how('s| is) it going|you there)\W*$", Options)]
    private static partial Regex PresenceCheck();

    [GeneratedRegex(@"^\W*((you('re| are)|this (bot )?is|that('s| is)|ur|u r) (useless|rubbish|stupid|dumb|no help|not helpful|unhelpful|hopeless|annoying|wrong|terrible|bad)|you (don't|do not|didn't|did not) (understand|help|get it|answer( my question)?)|(this|that|it)('s| is) (rubbish|useless|stupid|pointless),? (you (didn't|did not) answer( my question)?)?|i love you( bot)?|you('re| are) (great|awesome|amazing|lovely|sweet|funny)|that (didn't|did not|doesn't|does not) (help|answer)( my question)?|i('m| am) (a |the )?(carer|caregiver|care giver|nurse|relative|parent|daughter|son|wife|husband|partner|friend)( for| of| to)?( my| a)? ?\w*|i (look after|care for) (my )?\w+)\W*$", Options)]
    private static partial Regex Remark();
}

/// <summary>The kinds of conversation around the questions that <see cref="MessageShape.Social"/> recognises.</summary>
public enum SocialShape
{
    /// <summary>Not social: a question or a statement to retrieve on.</summary>
    None,

    /// <summary>"ok", "hmm", "cool", "got it".</summary>
    Interjection,

    /// <summary>"is anyone there?", "how are you?".</summary>
    PresenceCheck,

    /// <summary>A remark about the person or the bot, with no subject: "I'm a carer for my dad", "you're useless".</summary>
    Remark,
}
