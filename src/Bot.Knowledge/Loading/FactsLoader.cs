using System.Text.RegularExpressions;
using Bot.Knowledge.Model;

namespace Bot.Knowledge.Loading;

/// <summary>A seed sentence a fact names as its provenance, where it is named (checked against the cleaned sources by <see cref="Validation.ProvenanceCheck"/>).</summary>
internal sealed record ProvenanceEntry(string FactLabel, string SentenceId, SourceLocation Where);

/// <summary>The facts read, and the seed sentences they name as provenance.</summary>
/// <summary>A claim as read, with its label ("fact 'x', claim 2") and the line of its text (for the authoring checks).</summary>
internal sealed record ClaimEntry(string Label, FactClaim Claim, SourceLocation Where);

/// <summary>The facts read, the seed sentences they name as provenance, and every claim with its line.</summary>
internal sealed record FactsLoadResult(IReadOnlyList<Fact> Facts, IReadOnlyList<ProvenanceEntry> Provenance, IReadOnlyList<ClaimEntry> Claims);

/// <summary>
/// Reads <c>facts/*.yaml</c>: ids, topics, questions (at least four, each answered by one fact only),
/// claims and review (<see cref="FactClaims"/>), provenance (well formed), related ids that exist.
/// </summary>
internal static class FactsLoader
{
    private static readonly Regex SentenceIdPattern = new(@"^S\d+\.p\d{2,}\.s\d{2,}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    private static readonly Regex Words = new(@"[\p{L}\p{N}]+(?:['’.,%-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public static FactsLoadResult Load(LoadContext c, IReadOnlyDictionary<string, Reference> references)
    {
        var facts = new List<Fact>();
        var cited = new List<ProvenanceEntry>();
        var located = new List<ClaimEntry>();
        var folder = c.Full(KnowledgeFiles.FactsFolder);
        if (!Directory.Exists(folder))
        {
            c.Problems.Add(KnowledgeFiles.FactsFolder, 1, "is missing (the published facts live there)");
            return new FactsLoadResult(facts, cited, located);
        }

        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
        var questionsSeen = new Dictionary<string, (string FactId, SourceLocation Where)>(StringComparer.Ordinal);
        var ids = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var relatedToCheck = new List<(string FactId, LineValue Related, string File)>();

        foreach (var path in files)
        {
            var rel = c.Relative(path);
            if (!path.EndsWith(".yaml", StringComparison.Ordinal))
            {
                c.Problems.Add(rel, 1, "is not a .yaml file; facts/ holds only fact files");
                continue;
            }

            var list = c.RequiredList(rel, "facts");
            if (list is null)
            {
                continue;
            }

            if (list.Children.Count == 0)
            {
                c.Problems.Add(rel, 1, "holds no facts");
            }

            foreach (var r in c.Items(list, rel, "fact"))
            {
                r.RejectUnknownKeys("id", "topic", "surgical", "questions", "claims", "provenance", "review", "related", "answer", "references", "reviewed");
                var id = LoadContext.CheckId(r, "fact");
                var label = $"fact '{id ?? "?"}'";
                FactClaims.ReportFirstEditionFields(r, label);
                var topic = r.String("topic");
                var surgical = r.Bool("surgical") ?? false;
                var questions = r.StringList("questions") ?? [];
                var claims = FactClaims.Read(r, label, references, located);
                var provenance = r.StringList("provenance") ?? [];
                var review = FactReviews.Read(r, label, c.Today, c.Warnings);
                var related = r.StringList("related", required: false, allowEmpty: true) ?? [];

                if (id is not null)
                {
                    if (ids.TryGetValue(id, out var first))
                    {
                        r.Problem(r.LineOf("id"), $"duplicate fact id '{id}' (first defined at {first})");
                        id = null;
                    }
                    else
                    {
                        ids[id] = new SourceLocation(rel, r.Line);
                    }
                }

                if (r.Node("questions") is not null && questions.Count < KnowledgeLoader.MinQuestions)
                {
                    r.Problem(r.LineOf("questions"), $"{label} has {questions.Count} question(s); at least {KnowledgeLoader.MinQuestions} phrasings are required (clinical and lay, short and long)");
                }

                foreach (var q in questions)
                {
                    var key = NormaliseQuestion(q.Value);
                    if (questionsSeen.TryGetValue(key, out var seen))
                    {
                        r.Problem(q.Line, string.Equals(seen.FactId, id, StringComparison.Ordinal)
                            ? $"{label} asks the question '{q.Value}' twice (also at {seen.Where})"
                            : $"duplicate question '{q.Value}': fact '{seen.FactId}' already answers it ({seen.Where})");
                    }
                    else
                    {
                        questionsSeen[key] = (id ?? "?", new SourceLocation(rel, q.Line));
                    }
                }

                if (claims is not null)
                {
                    var words = claims.Sum(cl => CountWords(cl.Text));
                    if (words > KnowledgeLoader.MaxAnswerWords)
                    {
                        r.Problem(r.LineOf("claims"), $"{label}: answer too long ({words} words in its claims; at most {KnowledgeLoader.MaxAnswerWords})");
                    }
                }

                foreach (var p in provenance)
                {
                    if (string.Equals(p.Value, Fact.AddedFromReferences, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (!SentenceIdPattern.IsMatch(p.Value))
                    {
                        r.Problem(p.Line, $"{label}: provenance '{p.Value}' must be a cleaned sentence id (like S000.p01.s01) or \"{Fact.AddedFromReferences}\"");
                    }
                    else
                    {
                        cited.Add(new ProvenanceEntry(label, p.Value, new SourceLocation(rel, p.Line)));
                    }
                }

                foreach (var rel2 in related)
                {
                    relatedToCheck.Add((id ?? "?", rel2, rel));
                }

                if (id is null || topic is null || claims is null || review is null || questions.Count == 0 || provenance.Count == 0)
                {
                    continue;
                }

                facts.Add(new Fact(
                    id,
                    topic,
                    questions.Select(q => q.Value).ToArray(),
                    claims,
                    provenance.Select(x => x.Value).ToArray(),
                    review,
                    related.Select(x => x.Value).ToArray(),
                    new SourceLocation(rel, r.Line))
                { IsSurgical = surgical });
            }
        }

        foreach (var (factId, related, file) in relatedToCheck)
        {
            if (string.Equals(factId, related.Value, StringComparison.Ordinal))
            {
                c.Problems.Add(file, related.Line, $"fact '{factId}' lists itself as related");
            }
            else if (!ids.ContainsKey(related.Value))
            {
                c.Problems.Add(file, related.Line, $"fact '{factId}': related id '{related.Value}' is not a fact");
            }
        }

        if (files.Length == 0)
        {
            c.Problems.Add(KnowledgeFiles.FactsFolder, 1, "holds no fact files");
        }

        return new FactsLoadResult(facts, cited, located);
    }

    /// <summary>Counts words the way the answer-length rule does.</summary>
    public static int CountWords(string text) => Words.Matches(text).Count;

    /// <summary>Two questions are duplicates when they are equal after lower-casing and dropping punctuation and extra spaces.</summary>
    public static string NormaliseQuestion(string question) =>
        string.Join(' ', Words.Matches(question.ToLowerInvariant()).Select(m => m.Value.Replace('’', '\'')));
}
