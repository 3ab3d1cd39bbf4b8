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

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;

    /// <summary>Every pattern applied to user text (security review F3: all on the linear-time engine).</summary>
    public static IReadOnlyList<Regex> Patterns => [Pronoun(), LeadIn(), Words(), Arithmetic(), Animal(), Acknowledgement()];

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
}
