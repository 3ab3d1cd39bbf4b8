using System.Text.RegularExpressions;
using Bot.Knowledge.Cleaning;

namespace Bot.Knowledge.Validation;

/// <summary>One banned word or phrase and why it is banned.</summary>
public sealed record BannedTerm(string Name, Regex Pattern, string Reason, BannedKind Kind);

/// <summary>What kind of wording a banned term is.</summary>
public enum BannedKind
{
    InjectedDrugName,
    Commerce,
    Offensive,
    WrongClaim,
    OffTopic,
}

/// <summary>
/// Wording that must never appear in published text (everything under <c>knowledge/</c> except
/// <c>sources/</c>, which keeps the contaminated pages verbatim, and except matcher fields: the regular
/// expressions of safety rules and the terms of synonym groups, which recognise what users type and may
/// therefore name spam words in order to refuse them). The list holds the injected drug names, commerce
/// phrases, offensive or outdated words, and every wrong claim of the seeds that the fact check names.
/// </summary>
public static class BannedWording
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    public static IReadOnlyList<BannedTerm> Terms { get; } = Build();

    /// <summary>Every banned term found in <paramref name="text"/>, with the matched words.</summary>
    public static IEnumerable<(BannedTerm Term, string Match)> Find(string text)
    {
        foreach (var term in Terms)
        {
            var match = term.Pattern.Match(text);
            if (match.Success)
            {
                yield return (term, match.Value);
            }
        }
    }

    private static BannedTerm[] Build()
    {
        var terms = new List<BannedTerm>();
        foreach (var drug in ContaminationLists.InjectedDrugNames)
        {
            terms.Add(Term(drug, $@"\b{Regex.Escape(drug)}\b", "injected drug or brand name (spam; not relevant to hemifacial spasm)", BannedKind.InjectedDrugName));
        }

        foreach (var pattern in ContaminationLists.CommercePatterns)
        {
            terms.Add(Term(pattern, pattern, "commerce wording (the bot never sells or advertises medicines)", BannedKind.Commerce));
        }

        (string Name, string Pattern)[] offensive =
        [
            ("mongoloid", @"\bmongoloid\b"), ("negroid", @"\bnegroid\b"), ("caucasoid", @"\bcaucasoid\b"),
            ("oriental", @"\boriental\b"), ("retarded", @"\bretard(?:ed)?\b"), ("crippled", @"\bcripple[ds]?\b"),
            ("spastic", @"\bspastic\b"), ("lunatic", @"\blunatic\b"), ("imbecile", @"\bimbeciles?\b"),
            ("victims of", @"\bvictims?\s+of\b"),
        ];
        foreach (var (name, pattern) in offensive)
        {
            terms.Add(Term(name, pattern, "offensive or outdated wording", BannedKind.Offensive));
        }

        (string Name, string Pattern, string Reason)[] wrong =
        [
            ("tic cramps", @"\btic\s+cramps?\b", "not a medical term (garbled 'tic convulsif'); say 'hemifacial spasm'"),
            ("Brissot", @"\bbrissot\w*", "misspelt, non-standard eponym; say 'hemifacial spasm'"),
            ("becoming cancerous", @"\b(?:becom\w*|turn\w*|grow\w*\s+into)\s+(?:a\s+)?cancer(?:ous)?\b", "wrong claim: tumours behind HFS are rare and mostly benign"),
            ("HFS is cancer", @"\b(?:hfs|hemifacial\s+spasms?|it)\s+(?:is|are)\s+(?:a\s+)?cancer\b", "wrong claim: HFS is not cancer"),
            ("can blind", @"\b(?:can|could|will|may|might)\s+blind\b|\bblinds?\s+(?:your|the)\s+eye", "wrong claim: HFS closes the eye but does not blind it"),
            ("spreads to the body", @"\bspread\w*\s+(?:\w+\s+){0,4}to\s+(?:the\s+|your\s+)?(?:rest\s+of\s+(?:the\s+|your\s+)?)?body\b|\bface\s+and\s+body\b", "wrong claim: the spasm stays in muscles of the facial nerve"),
            ("known as blepharospasm", @"\b(?:known\s+as|called)\s+blepharospasm\b", "wrong claim: blepharospasm is a different disorder"),
            ("convulsions", @"\bconvulsions?\b", "wrong wording: HFS is not a seizure"),
            ("replaced by paresis", @"\breplaced\s+by\s+(?:\w+\s+)?(?:paresis|paralysis|weakness)\b", "wrong claim: the spasm is not replaced by paralysis"),
            ("main complication is hearing loss", @"\bmain\s+(?:one|complication)\s+is\s+hearing\s+loss\b", "wrong claim: hearing loss is a risk of surgery, not the main complication of HFS"),
            ("causes deafness", @"\b(?:causes?|leads?\s+to)\s+deafness\b", "alarming without evidence"),
            ("always cures", @"\balways\s+cures?\b|\bguaranteed\s+cure\b|\bcures?\s+(?:everyone|every\s+patient)\b", "promises certainty"),
            ("vitamin D", @"\bvitamin\s+d\b", "off-topic fragment of the seeds; not a treatment"),
            ("unilateral in 90%", @"\b90\s*%\s+of\s+cases\s+(?:is|are)\s+unilateral\b", "wrong figure: HFS is one-sided in nearly all patients"),
        ];
        foreach (var (name, pattern, reason) in wrong)
        {
            terms.Add(Term(name, pattern, reason, name == "vitamin D" ? BannedKind.OffTopic : BannedKind.WrongClaim));
        }

        return [.. terms];
    }

    private static BannedTerm Term(string name, string pattern, string reason, BannedKind kind) =>
        new(name, new Regex(pattern, Options | RegexOptions.NonBacktracking), reason, kind);
}
