using System.Text.RegularExpressions;

namespace Bot.Answers.Query;

/// <summary>
/// The kind of question a sentence asks, from its opening words: "what" (including "which", "what kind of",
/// "define", "meaning", "tell me about", "explain"), "how", "why", "when", "where", "who",
/// or "yes-no" (is/can/does/...). Stored questions and messages of the same kind match a little better, so
/// "what is X?" prefers the fact that says what X is over one that merely mentions X.
/// </summary>
public static partial class QuestionForms
{
    public static string? Of(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var m = Opening().Match(normalizedText);
        if (m.Success)
        {
            var w = m.Groups["w"].Value;
            return w switch
            {
                // "which X" and "what X" ask the same thing, so they are one form.
                "what kind of" or "what type of" or "what sort of" or "which" or "define" or "meaning" or "explain"
                    or "tell me about" or "describe" or "what" or "what's" or "whats" => "qf-what",
                "how" => "qf-how",
                "why" => "qf-why",
                "when" => "qf-when",
                "where" => "qf-where",
                "who" or "whom" => "qf-who",
                _ => "qf-yesno",
            };
        }

        if (Meaning().IsMatch(normalizedText))
        {
            return "qf-what";
        }

        // "my neurologist mentioned hemifacial spasm, what is that?": the question is the last clause.
        var clause = TrailingClause().Match(normalizedText);
        return clause.Success ? Of(clause.Groups["q"].Value) : null;
    }

    /// <summary>Security review F3: patterns over user text run on the linear-time engine.</summary>
    private const RegexOptions Linear = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>Every pattern applied to user text (for the linear-engine tests).</summary>
    public static IReadOnlyList<Regex> Patterns => [Opening(), Meaning(), TrailingClause()];

    [GeneratedRegex(@"^(?:(?:so|ok|okay|and|but|also|hi|hello|hey|please|then|well|um)[\s,]+)*(?<w>what kind of|what type of|what sort of|tell me about|what's|whats|what|which|how|why|when|where|whom|who|define|explain|describe|is|are|am|was|were|can|could|does|do|did|will|would|should|shall|may|might|has|have|had|must)\b", Linear | RegexOptions.ExplicitCapture)]
    private static partial Regex Opening();

    [GeneratedRegex(@"\b(meaning|definition)\b\W*$", Linear)]
    private static partial Regex Meaning();

    [GeneratedRegex(@"[,;:]\s*(?<q>[^,;:]+)$", Linear | RegexOptions.ExplicitCapture)]
    private static partial Regex TrailingClause();
}
