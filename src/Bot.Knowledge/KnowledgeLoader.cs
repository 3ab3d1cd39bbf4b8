using System.Reflection;
using System.Text.RegularExpressions;
using Bot.Knowledge.Cleaning;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Validation;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge;

/// <summary>
/// Loads and validates everything under <c>knowledge/</c> (formats in knowledge/README.md). Every problem
/// is reported with its file (relative to the knowledge root) and line; a knowledge base is returned only
/// when there is none.
/// </summary>
public static class KnowledgeLoader
{
    /// <summary>Answers longer than this many words are a problem ("at most about 70 words").</summary>
    public const int MaxAnswerWords = 70;

    /// <summary>Every fact needs at least this many question phrasings.</summary>
    public const int MinQuestions = 4;

    internal const string ReferencesFile = "references.yaml";
    internal const string FactsFolder = "facts";
    internal const string SourcesFolder = "sources";
    internal const string SynonymsFile = "synonyms.yaml";
    internal const string EmergencyFile = "safety/emergency.yaml";
    internal const string RefusalsFile = "safety/refusals.yaml";
    internal const string TextsFile = "safety/texts.yaml";

    private static readonly Regex IdPattern = new("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex SentenceIdPattern = new(@"^S\d+\.p\d{2,}\.s\d{2,}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex Words = new(@"[\p{L}\p{N}]+(?:['’.,%-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Loads and validates <paramref name="knowledgeRoot"/>; reviews are judged overdue against today's UTC date.</summary>
    public static KnowledgeLoadResult Load(string knowledgeRoot) => Load(knowledgeRoot, DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>Loads and validates <paramref name="knowledgeRoot"/>, judging review dates against <paramref name="today"/>.</summary>
    public static KnowledgeLoadResult Load(string knowledgeRoot, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(knowledgeRoot);
        var problems = new ProblemList();
        var warnings = new ProblemList();
        var root = Path.GetFullPath(knowledgeRoot);
        if (!Directory.Exists(root))
        {
            problems.Add(knowledgeRoot, 1, "the knowledge folder does not exist");
            return new KnowledgeLoadResult(null, problems.ToSortedList());
        }

        var context = new LoadContext(root, problems, warnings, today);
        var references = LoadReferences(context);
        var sentences = LoadSources(context);
        var facts = LoadFacts(context, references, sentences);
        var synonyms = LoadSynonyms(context);
        var texts = LoadTexts(context);
        var rules = LoadSafetyRules(context, references);
        var refusals = LoadRefusals(context, texts);
        ScanBannedWording(context);

        var list = problems.ToSortedList();
        if (list.Count > 0)
        {
            return new KnowledgeLoadResult(null, list) { Warnings = warnings.ToSortedList() };
        }

        var kb = new KnowledgeBase(facts, references, synonyms, rules, refusals, texts, sentences);
        return new KnowledgeLoadResult(kb, list) { Warnings = warnings.ToSortedList() };
    }

    /// <summary>Loads <paramref name="knowledgeRoot"/> or throws <see cref="KnowledgeValidationException"/> listing every problem.</summary>
    public static KnowledgeBase LoadOrThrow(string knowledgeRoot)
    {
        var result = Load(knowledgeRoot);
        return result.KnowledgeBase ?? throw new KnowledgeValidationException(result.Problems);
    }

    /// <summary>Counts words the way the answer-length rule does.</summary>
    public static int CountWords(string text) => Words.Matches(text).Count;

    private sealed class LoadContext(string root, ProblemList problems, ProblemList warnings, DateOnly today)
    {
        public string Root { get; } = root;

        public ProblemList Problems { get; } = problems;

        /// <summary>What does not block loading but needs attention (an overdue review).</summary>
        public ProblemList Warnings { get; } = warnings;

        public DateOnly Today { get; } = today;

        public string Full(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        public string Relative(string full) => Path.GetRelativePath(Root, full).Replace(Path.DirectorySeparatorChar, '/');

        /// <summary>The root node of a required YAML file, or null (with a problem) when it is missing or broken.</summary>
        public YamlNode? Required(string relative)
        {
            var full = Full(relative);
            if (!File.Exists(full))
            {
                Problems.Add(relative, 1, "is missing (required file)");
                return null;
            }

            return YamlFile.Load(full, relative, Problems);
        }

        public YamlSequenceNode? RequiredList(string relative, string what)
        {
            var node = Required(relative);
            if (node is null)
            {
                return null;
            }

            if (node is YamlSequenceNode list)
            {
                return list;
            }

            Problems.Add(relative, YamlFile.LineOf(node), $"must be a list of {what}, not {YamlFile.Describe(node)}");
            return null;
        }

        public IEnumerable<MappingReader> Items(YamlSequenceNode list, string file, string what)
        {
            foreach (var item in list.Children)
            {
                if (item is YamlMappingNode map)
                {
                    yield return new MappingReader(map, file, Problems, what);
                }
                else
                {
                    Problems.Add(file, YamlFile.LineOf(item), $"every entry must be a {what} (a map of fields), not {YamlFile.Describe(item)}");
                }
            }
        }
    }

    // ---------------------------------------------------------------- references

    private static Dictionary<string, Reference> LoadReferences(LoadContext c)
    {
        var result = new Dictionary<string, Reference>(StringComparer.Ordinal);
        var list = c.RequiredList(ReferencesFile, "references");
        if (list is null)
        {
            return result;
        }

        foreach (var r in c.Items(list, ReferencesFile, "reference"))
        {
            r.RejectUnknownKeys("id", "title", "publisher", "year", "url", "tier", "note", "accessed");
            var id = CheckId(r, "reference");
            var title = r.String("title");
            var publisher = r.String("publisher");
            var year = r.Int("year");
            var urlText = r.String("url");
            var tierText = r.String("tier");
            var note = r.String("note", required: false);
            var accessed = r.Date("accessed", required: false);

            if (year is { } y && (y < 1800 || y > DateTime.UtcNow.Year + 1))
            {
                r.Problem(r.LineOf("year"), $"reference '{id}': year {y} is not plausible");
            }

            if (accessed is { } read)
            {
                if (read > c.Today)
                {
                    r.Problem(r.LineOf("accessed"), $"reference '{id}': accessed date {read:yyyy-MM-dd} is in the future");
                }
                else if (year is { } published && published > read.Year)
                {
                    r.Problem(r.LineOf("year"), $"reference '{id}': year {published} is after the date it was accessed ({read:yyyy-MM-dd}); 'year' is the year of the work, 'accessed' the date it was read");
                }
            }

            Uri? url = null;
            if (urlText is not null)
            {
                if (!Uri.TryCreate(urlText, UriKind.Absolute, out url))
                {
                    r.Problem(r.LineOf("url"), $"reference '{id}': '{urlText}' is not a valid absolute URL");
                }
                else if (CanonicalUrls.Check(url) is { } why)
                {
                    r.Problem(r.LineOf("url"), $"reference '{id}': non-canonical URL {urlText}: {why}");
                    url = null;
                }
            }

            ReferenceTier? tier = null;
            if (tierText is not null)
            {
                if (Enum.TryParse<ReferenceTier>(tierText, ignoreCase: false, out var t) && Enum.IsDefined(t) && tierText.Length == 1)
                {
                    tier = t;
                }
                else
                {
                    r.Problem(r.LineOf("tier"), $"reference '{id}': tier must be A, B or C, not '{tierText}'");
                }
            }

            if (id is null || title is null || publisher is null || year is null || url is null || tier is null)
            {
                continue;
            }

            if (result.TryGetValue(id, out var first))
            {
                r.Problem(r.LineOf("id"), $"duplicate reference id '{id}' (first defined at {first.Location})");
                continue;
            }

            result[id] = new Reference(id, title, publisher, year.Value, url, tier.Value, new SourceLocation(ReferencesFile, r.Line)) { Note = note, Accessed = accessed };
        }

        return result;
    }

    private static string? CheckId(MappingReader r, string what)
    {
        var id = r.String("id");
        if (id is not null && !IdPattern.IsMatch(id))
        {
            r.Problem(r.LineOf("id"), $"{what} id '{id}' must be lower-case letters, digits and single dashes");
            return null;
        }

        return id;
    }

    // ---------------------------------------------------------------- sources

    private static Dictionary<string, SourceSentence> LoadSources(LoadContext c)
    {
        var result = new Dictionary<string, SourceSentence>(StringComparer.Ordinal);
        var folder = c.Full(SourcesFolder);
        if (!Directory.Exists(folder))
        {
            c.Problems.Add(SourcesFolder, 1, "is missing (the raw pages and their cleaned forms live there)");
            return result;
        }

        var raws = Directory.GetFiles(folder, "*.txt").Where(CleanedPageFormat.IsRawPage).Order(StringComparer.Ordinal).ToArray();
        foreach (var raw in raws)
        {
            var rawRel = c.Relative(raw);
            var name = Path.GetFileName(raw);
            CheckMeta(c, raw);

            CleanedPage page;
            try
            {
                page = SourceCleaner.Clean(name, File.ReadAllText(raw));
            }
            catch (ArgumentException ex)
            {
                c.Problems.Add(rawRel, 1, ex.Message);
                continue;
            }

            var cleanedPath = CleanedPageFormat.CleanedPathFor(raw);
            var reportPath = CleanedPageFormat.ReportPathFor(raw);
            var cleanedRel = c.Relative(cleanedPath);
            var rerun = $"regenerate it with `{CleanedPageFormat.CommandFor(page)}`";
            if (!File.Exists(cleanedPath))
            {
                c.Problems.Add(cleanedRel, 1, $"is missing: {rerun}");
                continue;
            }

            var cleanedText = File.ReadAllText(cleanedPath);
            if (!string.Equals(cleanedText, CleanedPageFormat.ToCleanedText(page), StringComparison.Ordinal))
            {
                c.Problems.Add(cleanedRel, FirstDifferentLine(cleanedText, CleanedPageFormat.ToCleanedText(page)), $"is out of date with its raw page or was edited by hand: {rerun}");
            }

            if (!File.Exists(reportPath))
            {
                c.Problems.Add(c.Relative(reportPath), 1, $"is missing: {rerun}");
            }
            else
            {
                var reportText = File.ReadAllText(reportPath);
                var expected = CleanedPageFormat.ToReport(page);
                if (!string.Equals(reportText, expected, StringComparison.Ordinal))
                {
                    c.Problems.Add(c.Relative(reportPath), FirstDifferentLine(reportText, expected), $"is out of date with its raw page or was edited by hand: {rerun}");
                }
            }

            var (sentences, errors) = CleanedPageFormat.Parse(cleanedText);
            foreach (var (line, message) in errors)
            {
                c.Problems.Add(cleanedRel, line, message);
            }

            foreach (var s in sentences)
            {
                if (!s.Id.StartsWith(page.Prefix + ".", StringComparison.Ordinal))
                {
                    c.Problems.Add(cleanedRel, s.Line, $"sentence id '{s.Id}' does not belong to this page (its ids start with {page.Prefix}.)");
                    continue;
                }

                if (!result.TryAdd(s.Id, new SourceSentence(s.Id, s.Text, new SourceLocation(cleanedRel, s.Line))))
                {
                    c.Problems.Add(cleanedRel, s.Line, $"duplicate sentence id '{s.Id}' (first at {result[s.Id].Location})");
                }
            }
        }

        foreach (var cleaned in Directory.GetFiles(folder, "*" + CleanedPageFormat.CleanedSuffix))
        {
            var raw = cleaned[..^CleanedPageFormat.CleanedSuffix.Length] + ".txt";
            if (!File.Exists(raw))
            {
                c.Problems.Add(c.Relative(cleaned), 1, $"has no raw page ({Path.GetFileName(raw)}); a cleaned text must come from a kept source");
            }
        }

        return result;
    }

    private static int FirstDifferentLine(string actual, string expected)
    {
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, e.Length); i++)
        {
            if (!string.Equals(a[i], e[i], StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return Math.Min(a.Length, e.Length) + 1;
    }

    private static void CheckMeta(LoadContext c, string raw)
    {
        var metaPath = Path.ChangeExtension(raw, null) + ".meta.yaml";
        var rel = c.Relative(metaPath);
        if (!File.Exists(metaPath))
        {
            c.Problems.Add(rel, 1, $"is missing: every raw page needs its metadata (what it is, how it was obtained, dates seen, that it is contaminated)");
            return;
        }

        var node = YamlFile.Load(metaPath, rel, c.Problems);
        if (node is null)
        {
            return;
        }

        if (node is not YamlMappingNode map)
        {
            c.Problems.Add(rel, YamlFile.LineOf(node), "must be a map of fields");
            return;
        }

        var r = new MappingReader(map, rel, c.Problems, "source metadata");
        r.RejectUnknownKeys("file", "what", "obtained", "sha256", "bytes", "dates_seen", "contaminated", "contamination", "notes");
        var file = r.String("file");
        r.String("what");
        r.String("obtained");
        var sha = r.String("sha256");
        var bytes = r.Int("bytes");
        r.StringList("dates_seen", allowEmpty: true);
        var contaminated = r.Bool("contaminated", required: true);
        r.StringList("contamination", required: contaminated == true);
        r.String("notes", required: false);

        var content = File.ReadAllBytes(raw);
        if (file is not null && !string.Equals(file, Path.GetFileName(raw), StringComparison.Ordinal))
        {
            r.Problem(r.LineOf("file"), $"'file' is '{file}' but the metadata belongs to {Path.GetFileName(raw)}");
        }

        if (sha is not null)
        {
            var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
            if (!string.Equals(sha, actual, StringComparison.Ordinal))
            {
                r.Problem(r.LineOf("sha256"), $"sha256 does not match the raw page (it is {actual}): raw pages are kept byte-for-byte and never edited");
            }
        }

        if (bytes is not null && bytes.Value != content.Length)
        {
            r.Problem(r.LineOf("bytes"), $"bytes is {bytes} but the raw page has {content.Length}");
        }
    }

    // ---------------------------------------------------------------- facts

    private static List<Fact> LoadFacts(LoadContext c, Dictionary<string, Reference> references, Dictionary<string, SourceSentence> sentences)
    {
        var facts = new List<Fact>();
        var folder = c.Full(FactsFolder);
        if (!Directory.Exists(folder))
        {
            c.Problems.Add(FactsFolder, 1, "is missing (the published facts live there)");
            return facts;
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
                FactClaims.ReportFirstEditionFields(r);
                var id = CheckId(r, "fact");
                var label = $"fact '{id ?? "?"}'";
                var topic = r.String("topic");
                var surgical = r.Bool("surgical") ?? false;
                var questions = r.StringList("questions") ?? [];
                var claims = FactClaims.Read(r, label, references);
                var provenance = r.StringList("provenance") ?? [];
                var review = FactClaims.ReadReview(r, label, c.Today, c.Warnings);
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

                if (r.Node("questions") is not null && questions.Count < MinQuestions)
                {
                    r.Problem(r.LineOf("questions"), $"{label} has {questions.Count} question(s); at least {MinQuestions} phrasings are required (clinical and lay, short and long)");
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
                    if (words > MaxAnswerWords)
                    {
                        r.Problem(r.LineOf("claims"), $"{label}: answer too long ({words} words in its claims; at most {MaxAnswerWords})");
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
                    else if (!sentences.ContainsKey(p.Value))
                    {
                        r.Problem(p.Line, $"{label}: provenance '{p.Value}' points to no sentence of a cleaned source (removed sentences cannot be cited)");
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
            c.Problems.Add(FactsFolder, 1, "holds no fact files");
        }

        return facts;
    }

    /// <summary>Two questions are duplicates when they are equal after lower-casing and dropping punctuation and extra spaces.</summary>
    internal static string NormaliseQuestion(string question) =>
        string.Join(' ', Words.Matches(question.ToLowerInvariant()).Select(m => m.Value.Replace('’', '\'')));

    // ---------------------------------------------------------------- synonyms

    private static List<SynonymGroup> LoadSynonyms(LoadContext c)
    {
        var result = new List<SynonymGroup>();
        var list = c.RequiredList(SynonymsFile, "synonym groups");
        if (list is null)
        {
            return result;
        }

        foreach (var r in c.Items(list, SynonymsFile, "synonym group"))
        {
            r.RejectUnknownKeys("canonical", "terms");
            var canonical = r.String("canonical");
            var terms = r.StringList("terms");
            if (canonical is null || terms is null || terms.Count == 0)
            {
                continue;
            }

            result.Add(new SynonymGroup(canonical, terms.Select(t => t.Value).ToArray(), new SourceLocation(SynonymsFile, r.Line)));
        }

        return result;
    }

    // ---------------------------------------------------------------- safety

    private static Dictionary<string, string> LoadTexts(LoadContext c)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = c.Required(TextsFile);
        if (node is null)
        {
            return result;
        }

        if (node is not YamlMappingNode map)
        {
            c.Problems.Add(TextsFile, YamlFile.LineOf(node), $"must be a map from text key to text, not {YamlFile.Describe(node)}");
            return result;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = YamlFile.ScalarText(keyNode);
            var value = YamlFile.ScalarText(valueNode)?.Trim();
            if (key is null || value is null)
            {
                c.Problems.Add(TextsFile, YamlFile.LineOf(keyNode), "every entry must be 'key: text'");
                continue;
            }

            if (value.Length == 0)
            {
                c.Problems.Add(TextsFile, YamlFile.LineOf(valueNode), $"text '{key}' is empty");
                continue;
            }

            result[key] = value;
        }

        foreach (var required in RequiredTextKeys)
        {
            if (!result.ContainsKey(required))
            {
                c.Problems.Add(TextsFile, YamlFile.LineOf(map), $"is missing the required text '{required}' (Bot.Knowledge.Model.TextKeys)");
            }
        }

        return result;
    }

    /// <summary>Every key declared in <see cref="TextKeys"/>: all are required in safety/texts.yaml.</summary>
    public static IReadOnlyList<string> RequiredTextKeys { get; } = typeof(TextKeys)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static List<SafetyRule> LoadSafetyRules(LoadContext c, Dictionary<string, Reference> references)
    {
        var result = new List<SafetyRule>();
        var list = c.RequiredList(EmergencyFile, "red-flag rules");
        if (list is null)
        {
            return result;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in c.Items(list, EmergencyFile, "red-flag rule"))
        {
            r.RejectUnknownKeys("id", "kind", "description", "patterns", "references");
            var id = CheckId(r, "red-flag rule");
            var kindText = r.String("kind");
            var description = r.String("description");
            var patterns = CheckPatterns(r, id);
            var refIds = r.StringList("references", allowEmpty: true) ?? [];
            SafetyRuleKind? kind = kindText switch
            {
                "emergency" => SafetyRuleKind.Emergency,
                "crisis" => SafetyRuleKind.Crisis,
                _ => null,
            };
            if (kindText is not null && kind is null)
            {
                r.Problem(r.LineOf("kind"), $"red-flag rule '{id}': kind must be 'emergency' or 'crisis', not '{kindText}'");
            }

            foreach (var refId in refIds)
            {
                if (!references.ContainsKey(refId.Value))
                {
                    r.Problem(refId.Line, $"red-flag rule '{id}': unknown reference id '{refId.Value}' (not in {ReferencesFile})");
                }
            }

            if (kind == SafetyRuleKind.Emergency && r.Node("references") is not null && refIds.Count == 0)
            {
                r.Problem(r.LineOf("references"), $"red-flag rule '{id}': an emergency rule must cite the reference it rests on");
            }

            if (id is not null && !ids.TryAdd(id, r.Line))
            {
                r.Problem(r.LineOf("id"), $"duplicate red-flag rule id '{id}' (first at line {ids[id]})");
                continue;
            }

            if (id is null || kind is null || description is null || patterns is null)
            {
                continue;
            }

            result.Add(new SafetyRule(id, kind.Value, description, patterns, refIds.Select(x => x.Value).ToArray(), new SourceLocation(EmergencyFile, r.Line)));
        }

        return result;
    }

    private static List<RefusalTopic> LoadRefusals(LoadContext c, Dictionary<string, string> texts)
    {
        var result = new List<RefusalTopic>();
        var list = c.RequiredList(RefusalsFile, "refusal topics");
        if (list is null)
        {
            return result;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in c.Items(list, RefusalsFile, "refusal topic"))
        {
            r.RejectUnknownKeys("id", "description", "patterns", "text");
            var id = CheckId(r, "refusal topic");
            var description = r.String("description");
            var patterns = CheckPatterns(r, id);
            var text = r.String("text");
            if (text is not null && texts.Count > 0 && !texts.ContainsKey(text))
            {
                r.Problem(r.LineOf("text"), $"refusal topic '{id}': unknown text key '{text}' (not in {TextsFile})");
            }

            if (id is not null && !ids.TryAdd(id, r.Line))
            {
                r.Problem(r.LineOf("id"), $"duplicate refusal topic id '{id}' (first at line {ids[id]})");
                continue;
            }

            if (id is null || description is null || patterns is null || text is null)
            {
                continue;
            }

            result.Add(new RefusalTopic(id, description, patterns, text, new SourceLocation(RefusalsFile, r.Line)));
        }

        return result;
    }

    private static string[]? CheckPatterns(MappingReader r, string? id)
    {
        var patterns = r.StringList("patterns");
        if (patterns is null)
        {
            return null;
        }

        var ok = true;
        foreach (var p in patterns)
        {
            try
            {
                _ = new Regex(p.Value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                r.Problem(p.Line, $"'{id}': invalid regular expression '{p.Value}': {ex.Message}");
                ok = false;
            }
        }

        return ok && patterns.Count > 0 ? patterns.Select(p => p.Value).ToArray() : null;
    }

    // ---------------------------------------------------------------- banned wording

    /// <summary>Keys whose values recognise user input (regular expressions, synonym terms) rather than being published.</summary>
    private static readonly HashSet<string> MatcherKeys = new(StringComparer.Ordinal) { "patterns", "terms", "canonical" };

    private static void ScanBannedWording(LoadContext c)
    {
        foreach (var path in Directory.EnumerateFiles(c.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = c.Relative(path);
            if (rel.StartsWith(SourcesFolder + "/", StringComparison.Ordinal))
            {
                continue;
            }

            if (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
            {
                var ignore = new ProblemList();
                var node = YamlFile.Load(path, rel, ignore);
                if (node is not null)
                {
                    ScanNode(c, rel, node, matcher: false);
                }

                ScanComments(c, rel, path);
            }
            else if (path.EndsWith(".md", StringComparison.Ordinal) || path.EndsWith(".txt", StringComparison.Ordinal))
            {
                var lines = File.ReadAllLines(path);
                for (var i = 0; i < lines.Length; i++)
                {
                    Report(c, rel, i + 1, lines[i]);
                }
            }
        }
    }

    private static void ScanComments(LoadContext c, string rel, string path)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var hash = lines[i].IndexOf(" #", StringComparison.Ordinal);
            var comment = lines[i].TrimStart().StartsWith('#') ? lines[i] : hash >= 0 ? lines[i][hash..] : null;
            if (comment is not null)
            {
                Report(c, rel, i + 1, comment);
            }
        }
    }

    private static void ScanNode(LoadContext c, string rel, YamlNode node, bool matcher)
    {
        switch (node)
        {
            case YamlScalarNode s when !matcher:
                Report(c, rel, YamlFile.LineOf(s), s.Value ?? string.Empty);
                break;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                {
                    ScanNode(c, rel, child, matcher);
                }

                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var isMatcher = matcher || (YamlFile.ScalarText(key) is { } k && MatcherKeys.Contains(k));
                    ScanNode(c, rel, value, isMatcher);
                }

                break;
        }
    }

    private static void Report(LoadContext c, string rel, int line, string text)
    {
        foreach (var (term, match) in BannedWording.Find(text))
        {
            c.Problems.Add(rel, line, $"banned wording '{match}': {term.Reason}");
        }
    }
}
