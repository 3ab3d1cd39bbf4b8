using System.Text.RegularExpressions;
using Bot.Knowledge.Model;
using Bot.Knowledge.Text;

namespace Bot.Knowledge.Loading;

/// <summary>
/// Reads and checks a fact's claims: one sentence each, every one citing known references, at least one
/// of tier A; the first one standing on its own for every question the fact answers.
/// </summary>
internal static partial class FactClaims
{
    /// <summary>The fewest words a first claim may have: shorter openers ("Sources disagree.") do not name their subject.</summary>
    public const int MinFirstClaimWords = 5;

    public static IReadOnlyList<FactClaim>? Read(MappingReader fact, string label, IReadOnlyDictionary<string, Reference> references, List<ClaimEntry> located)
    {
        var items = fact.MapList("claims", "claim");
        if (items is null)
        {
            return null;
        }

        var claims = new List<FactClaim>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var r = items[i];
            var which = $"{label}, claim {i + 1}";
            r.RejectUnknownKeys("text", "refs");
            var text = r.String("text");
            var refs = r.StringList("refs", required: false, allowEmpty: true);
            if (refs is null || refs.Count == 0)
            {
                r.Problem(refs is null ? r.Line : r.LineOf("refs"), $"{which} cites no reference: every claim lists the references that state it ('refs: [id, ...]')");
                ok = false;
            }
            else if (!CheckReferences(r, which, refs, references))
            {
                ok = false;
            }

            if (text is null)
            {
                ok = false;
                continue;
            }

            var sentences = SentenceSplitter.Split(text);
            if (sentences.Count > 1)
            {
                r.Problem(r.LineOf("text"), $"{which} holds {sentences.Count} sentences; write one sentence per claim, so each sentence carries the markers of its own references");
                ok = false;
            }

            if (i == 0 && FirstClaimProblem(text) is { } why)
            {
                r.Problem(r.LineOf("text"), $"{which}: the first sentence must stand on its own for any question the fact answers ({why}); name the subject, e.g. \"Hemifacial spasm ...\"");
                ok = false;
            }

            if (refs is not null)
            {
                var claim = new FactClaim(text, refs.Select(x => x.Value).ToArray());
                claims.Add(claim);
                located.Add(new ClaimEntry(which, claim, new SourceLocation(r.File, r.LineOf("text"))));
            }
        }

        return ok && claims.Count == items.Count ? claims : null;
    }

    /// <summary>The first edition's fields, each reported with what replaced it.</summary>
    public static void ReportFirstEditionFields(MappingReader fact, string label)
    {
        foreach (var (old, instead) in FirstEditionFields)
        {
            if (fact.Node(old) is not null)
            {
                fact.Problem(fact.LineOf(old), $"{label}: '{old}' is the first edition's field; {instead} (knowledge/README.md)");
            }
        }
    }

    private static readonly (string Old, string Instead)[] FirstEditionFields =
    [
        ("answer", "write the answer as 'claims', one sentence each with its own 'refs'"),
        ("references", "each claim lists its own 'refs'"),
        ("reviewed", "write 'review: { by: <role>, on: <date>, due: <date> }'"),
    ];

    /// <summary>Why a first claim does not stand alone, or null when it does.</summary>
    public static string? FirstClaimProblem(string text)
    {
        if (BareOpener().Match(text) is { Success: true } bare)
        {
            return $"it opens with a bare \"{bare.Groups["word"].Value}\"";
        }

        if (PronounOpener().Match(text) is { Success: true } pronoun)
        {
            return $"it opens with \"{pronoun.Groups["word"].Value}\", which does not name the subject";
        }

        var words = FactsLoader.CountWords(text);
        return words < MinFirstClaimWords ? $"it has only {words} word(s)" : null;
    }

    private static bool CheckReferences(MappingReader r, string which, IReadOnlyList<LineValue> refs, IReadOnlyDictionary<string, Reference> references)
    {
        var ok = true;
        var tierA = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var refId in refs)
        {
            if (!seen.Add(refId.Value))
            {
                r.Problem(refId.Line, $"{which} lists reference '{refId.Value}' twice");
            }

            if (!references.TryGetValue(refId.Value, out var reference))
            {
                r.Problem(refId.Line, $"{which}: unknown reference id '{refId.Value}' (not in {KnowledgeFiles.References})");
                ok = false;
            }
            else if (reference.Tier == ReferenceTier.A)
            {
                tierA = true;
            }
        }

        if (ok && !tierA)
        {
            r.Problem(r.LineOf("refs"), $"{which} cites no tier-A reference; at least one is required");
            ok = false;
        }

        return ok;
    }

    [GeneratedRegex(@"^\W*(?<word>(?:(?:usually|mostly|often|generally|probably)\s+)?(?:yes|no|not|rarely|sometimes|usually|often|possibly|probably|maybe|mostly|seldom|occasionally))\b\s*(?:[.,;:!?\u2014\u2013-]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareOpener();

    [GeneratedRegex(@"^\W*(?<word>it|its|it's|they|their|them|this|these|that|those|both|not)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PronounOpener();
}
