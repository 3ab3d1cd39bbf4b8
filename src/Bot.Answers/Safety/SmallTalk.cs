using System.Text.RegularExpressions;
using Bot.Knowledge.Model;

namespace Bot.Answers.Safety;

/// <summary>A small-talk intent and the text key of its reply.</summary>
public enum SmallTalkIntent
{
    None,
    Greeting,
    Thanks,
    Help,
    About,
    Goodbye,
}

/// <summary>The intent found in a message and what is left of the message once the small-talk words are removed.</summary>
public readonly record struct SmallTalkResult(SmallTalkIntent Intent, string Remainder);

/// <summary>
/// Recognises greetings, thanks, requests for help, "who are you" and goodbyes. The engine answers with
/// small talk only when the rest of the message has no medical match, so "hi, what causes hemifacial
/// spasm?" is answered with the fact.
/// </summary>
public static partial class SmallTalk
{
    public static SmallTalkResult Detect(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var text = normalizedText.Trim();
        if (HelpRegex().IsMatch(text))
        {
            return new SmallTalkResult(SmallTalkIntent.Help, "");
        }

        var intent = SmallTalkIntent.None;
        var remainder = text;
        foreach (var (regex, candidate) in Rules)
        {
            var stripped = regex.Replace(remainder, " ");
            if (!ReferenceEquals(stripped, remainder) && !string.Equals(stripped, remainder, StringComparison.Ordinal))
            {
                if (intent == SmallTalkIntent.None)
                {
                    intent = candidate;
                }

                remainder = stripped;
            }
        }

        return new SmallTalkResult(intent, intent == SmallTalkIntent.None ? text : remainder.Trim(' ', ',', '!', '.', '?', '-'));
    }

    /// <summary>The text key of an intent's reply.</summary>
    public static string TextKey(SmallTalkIntent intent) => intent switch
    {
        SmallTalkIntent.Greeting => TextKeys.Greeting,
        SmallTalkIntent.Thanks => TextKeys.Thanks,
        SmallTalkIntent.Help => TextKeys.Help,
        SmallTalkIntent.About => TextKeys.About,
        SmallTalkIntent.Goodbye => TextKeys.Goodbye,
        _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, "No reply for this intent."),
    };

    // Order matters: the first intent found names the reply ("thanks, bye" is thanks).
    private static readonly (Regex Regex, SmallTalkIntent Intent)[] Rules =
    [
        (AboutRegex(), SmallTalkIntent.About),
        (ThanksRegex(), SmallTalkIntent.Thanks),
        (GoodbyeRegex(), SmallTalkIntent.Goodbye),
        (GreetingRegex(), SmallTalkIntent.Greeting),
    ];

    // Linear-time (non-backtracking): these patterns read user text (security review F3).
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;

    /// <summary>The patterns applied to user text, for tests of their cost.</summary>
    public static IReadOnlyList<Regex> Patterns => [HelpRegex(), AboutRegex(), ThanksRegex(), GoodbyeRegex(), GreetingRegex()];

    [GeneratedRegex(@"^(hey |hi |hello |ok |so )?(help|help me|help please|please help|\?+|what can you do|what do you do|what can i ask( you)?|what should i ask|what do you know( about)?|what can you tell me( about)?|how does this work|how do i use (this|you|this (chat ?bot|bot|chat|service|thing)|the (chat ?bot|bot|chat))|what are you for|what (topics|things|subjects|kind of (things|questions)|sort of (things|questions)) (can|do) (you|i) (help( me)? with|answer|cover|ask( you)?( about)?|talk about)|what can you help( me)? with|can i ask (you )?(something|a question|you a question|a few questions|some questions)|menu|options|commands|start|get started)[\s?!.]*$", Options)]
    private static partial Regex HelpRegex();

    [GeneratedRegex(@"\b(who are you|what are you|who (made|built|created) you|are you (a |an )?(real |actual |proper )?(bot|robot|human|person|real person|real|ai|computer|doctor|machine|chatbot|chat ?gpt|gpt|alexa|siri)|what('s| is) your name|your name|what languages? (do|can) you (speak|understand|answer in)|do you speak (any )?other languages|which languages? (do|can) you speak)\b[\s?!.,]*", Options)]
    private static partial Regex AboutRegex();

    [GeneratedRegex(@"\b(thanks|thank you|thank u|thankyou|thanku|thx|thnx|thnks|thanx|thks|tnx|tysm|ty|cheers|many thanks|much appreciated|appreciate it|i appreciate (it|that|your help)|that('s| is| was) (very |really |so )?(helpful|useful|great|good to know)|great answer|nice one)\b( (a lot|so much|very much|for (that|this|the (info|information|answer|answers|help|tips|advice|explanation|reply))|for (all )?your help|for helping( me| us)?))*[\s?!.,]*", Options)]
    private static partial Regex ThanksRegex();

    [GeneratedRegex(@"(^|\b)(bye|goodbye|good bye|bye bye|see you( later| soon)?|see ya|cya|farewell|good night|goodnight|that('s| is) all( for now)?|i('m| am) done|take care|have a (nice|good) (day|one))\b[\s?!.,]*", Options)]
    private static partial Regex GoodbyeRegex();

    [GeneratedRegex(@"^(hi|hello|hey|hiya|howdy|yo|greetings|hallo|hola|good (morning|afternoon|evening|day)|morning|afternoon|evening|nice to meet you|pleased to meet you|i (just )?wanted to say (hello|hi)|just saying (hello|hi)|hi there|hello there|hey there|hey bot|hi bot|hello bot)\b[\s?!.,]*(how are you( doing)?( today)?[\s?!.,]*)?", Options)]
    private static partial Regex GreetingRegex();
}
