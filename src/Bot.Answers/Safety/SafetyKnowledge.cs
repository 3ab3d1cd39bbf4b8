using System.Security.Cryptography;
using System.Text;
using Bot.Knowledge.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Bot.Answers.Safety;

/// <summary>A labelled message of the example bank (knowledge/safety/examples/*.yaml).</summary>
/// <param name="Label">A situation id, or <see cref="SituationIds.None"/>.</param>
/// <param name="Text">The message as a person might write it.</param>
/// <param name="File">The file it came from (relative to the knowledge root).</param>
public sealed record SafetyExample(string Label, string Text, string File);

/// <summary>One language the bot recognises: what it says in it, and how the detector spots it.</summary>
/// <param name="Code">ISO 639-1 code (<c>en</c>, <c>es</c>, ...).</param>
/// <param name="EnglishOnly">"I answer questions in English for now", in this language.</param>
/// <param name="Advice">"After emergency care, a neurologist can follow up", in this language (null: none).</param>
/// <param name="Disclaimer">"General information, not a diagnosis", in this language (null: none).</param>
/// <param name="StopWords">Frequent short words of the language (Latin-script detection).</param>
/// <param name="Script">A Unicode block the language alone uses among ours (for example <c>Cyrillic</c>), or null.</param>
public sealed record SafetyLanguage(string Code, string EnglishOnly, string? Advice, string? Disclaimer, IReadOnlyList<string> StopWords, string? Script)
{
    /// <summary>Greetings, thanks and goodbyes in this language with their replies (none for English: <see cref="SmallTalk"/> reads those).</summary>
    public IReadOnlyList<LanguageSmallTalk> SmallTalk { get; init; } = [];
}

/// <summary>The cue words the precise rules read around a match (knowledge/safety/cues.yaml).</summary>
/// <param name="Negation">Words that, just before a match, deny it ("no", "not", "sin", "pas", "kein").</param>
/// <param name="Chronic">Long-standing or spasm-bound wording ("for years", "when the spasm comes").</param>
/// <param name="Question">General-question wording ("what are the signs of", "can botox cause").</param>
/// <param name="ClauseBreaks">Words that start a new clause ("but", "however").</param>
/// <param name="Contexts">Context name to the words that establish it (injection, surgery).</param>
/// <param name="Past">Anywhere in the sentence of a match: it happened before and is over ("back in 2018", "it cleared up").</param>
/// <param name="Hypothetical">Before a match in its sentence: it has not happened ("what should i do if", "if i ever").</param>
/// <param name="Present">In the sentence: it is happening now, whatever past wording is there ("right now", "again").</param>
/// <param name="Resolved">In the sentence: it was dealt with and is over, even beside a present cue ("it was fixed, all fine now").</param>
public sealed record SafetyCues(
    IReadOnlyList<string> Negation,
    IReadOnlyList<string> Chronic,
    IReadOnlyList<string> Question,
    IReadOnlyList<string> ClauseBreaks,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Contexts,
    IReadOnlyList<string>? Past = null,
    IReadOnlyList<string>? Hypothetical = null,
    IReadOnlyList<string>? Present = null,
    IReadOnlyList<string>? Resolved = null);

/// <summary>
/// The triage data of <c>knowledge/safety/</c> beyond the red-flag patterns (which the knowledge loader
/// reads from emergency.yaml): situations with tiers and texts, cue words, languages and the labelled
/// example bank. Loaded and validated once at start-up; immutable.
/// </summary>
public sealed class SafetyKnowledge
{
    public const string SituationsFile = "safety/situations.yaml";
    public const string CuesFile = "safety/cues.yaml";
    public const string LanguagesFile = "safety/languages.yaml";
    public const string ExamplesFolder = "safety/examples";
    public const string RefusalFactsFile = "safety/refusal-facts.yaml";
    public const string RefusalThenFactsFile = "safety/refusal-then-facts.yaml";

    private SafetyKnowledge(IReadOnlyList<Situation> situations, SafetyCues cues, IReadOnlyList<SafetyLanguage> languages, IReadOnlyList<SafetyExample> examples, IReadOnlyDictionary<string, string> refusalFacts, IReadOnlyDictionary<string, RefusalThenFacts> refusalThenFacts)
    {
        RefusalFacts = refusalFacts;
        RefusalThenFactsByTopic = refusalThenFacts;
        Situations = situations;
        ById = situations.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Cues = cues;
        Languages = languages;
        Examples = examples;
        BankHash = Hash(examples);
    }

    /// <summary>The situations in file order (ties between equally urgent hits go to the earlier one).</summary>
    public IReadOnlyList<Situation> Situations { get; }

    public IReadOnlyDictionary<string, Situation> ById { get; }

    public SafetyCues Cues { get; }

    public IReadOnlyList<SafetyLanguage> Languages { get; }

    public IReadOnlyList<SafetyExample> Examples { get; }

    /// <summary>
    /// Refusal topics answered by a cited fact instead of their fixed text (refusal id to fact id,
    /// <c>knowledge/safety/refusal-facts.yaml</c>): information questions that a refusal's patterns must catch
    /// before a broader refusal does ("are botox units the same as dysport units" is not a dose request).
    /// </summary>
    public IReadOnlyDictionary<string, string> RefusalFacts { get; }

    /// <summary>
    /// Refusal topics whose text may be followed by a cited fact (<c>knowledge/safety/refusal-then-facts.yaml</c>):
    /// "is it a tic or hemifacial spasm?" is declined as a diagnosis, and the look-alike fact retrieval ranks first
    /// (when it is one of the topic's facts and clears the threshold) follows a short lead text.
    /// </summary>
    public IReadOnlyDictionary<string, RefusalThenFacts> RefusalThenFactsByTopic { get; }

    /// <summary>SHA-256 of the bank (labels and texts, in order): with the model id, the key of cached bank vectors.</summary>
    public string BankHash { get; }

    /// <summary>Loads from the <c>knowledge/</c> folder and checks it against the loaded knowledge (references, rules).</summary>
    /// <exception cref="InvalidDataException">A file is missing or invalid; the message lists every problem with its file.</exception>
    public static SafetyKnowledge Load(string knowledgeRoot, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledgeRoot);
        ArgumentNullException.ThrowIfNull(knowledge);
        var problems = new List<string>();
        var situations = LoadSituations(knowledgeRoot, knowledge, problems);
        var cues = LoadCues(knowledgeRoot, problems);
        var languages = LoadLanguages(knowledgeRoot, problems);
        // Without the situations (their file unreadable) every example's label would be reported unknown: one problem, not hundreds.
        var examples = situations.Count > 0 ? LoadExamples(knowledgeRoot, situations, problems) : [];
        var refusalFacts = LoadRefusalFacts(knowledgeRoot, knowledge, problems);
        var refusalThenFacts = LoadRefusalThenFacts(knowledgeRoot, knowledge, problems);
        if (problems.Count > 0)
        {
            throw new InvalidDataException("knowledge/safety is invalid:\n" + string.Join("\n", problems));
        }

        return new SafetyKnowledge(situations, cues!, languages, examples, refusalFacts, refusalThenFacts);
    }

    /// <summary>
    /// The optional refusal-to-fact map; every value must be a fact. A key that is not a refusal topic of the loaded
    /// knowledge cannot fire and is left out (a knowledge base built in code, as the unit tests do, has its own
    /// topics); for the real knowledge a test checks that every key is one of safety/refusals.yaml's topics.
    /// </summary>
    private static Dictionary<string, string> LoadRefusalFacts(string root, KnowledgeBase knowledge, List<string> problems)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var map = ReadOptional<Dictionary<string, string>>(root, RefusalFactsFile, problems);
        foreach (var (refusal, fact) in map ?? [])
        {
            if (!knowledge.Refusals.Any(r => r.Id == refusal))
            {
                continue;
            }

            if (!knowledge.Facts.Any(f => f.Id == fact))
            {
                problems.Add($"{RefusalFactsFile}: refusal '{refusal}' names the unknown fact '{fact}'");
            }
            else
            {
                result[refusal] = fact;
            }
        }

        return result;
    }

    /// <summary>
    /// The optional map of refusal topics whose text a cited fact may follow. An entry needs a lead and at least one
    /// fact. As for refusal-facts, what the loaded knowledge lacks cannot fire and is left out (a topic, a lead text or a
    /// fact: a knowledge base built in code, as the unit tests do, has its own); for the real knowledge a test checks
    /// that every topic, lead and fact of the file exists.
    /// </summary>
    private static Dictionary<string, RefusalThenFacts> LoadRefusalThenFacts(string root, KnowledgeBase knowledge, List<string> problems)
    {
        var result = new Dictionary<string, RefusalThenFacts>(StringComparer.Ordinal);
        var map = ReadOptional<Dictionary<string, RefusalThenFactsDto>>(root, RefusalThenFactsFile, problems);
        foreach (var (refusal, dto) in map ?? [])
        {
            if (dto.Lead is not { Length: > 0 } lead || dto.Facts is not { Count: > 0 } facts)
            {
                problems.Add($"{RefusalThenFactsFile}: refusal '{refusal}' needs a lead (a key of safety/texts.yaml) and a list of facts");
                continue;
            }

            var known = facts.Where(f => knowledge.Facts.Any(k => k.Id == f)).ToHashSet(StringComparer.Ordinal);
            if (knowledge.Refusals.Any(r => r.Id == refusal) && knowledge.Texts.ContainsKey(lead) && known.Count > 0)
            {
                result[refusal] = new RefusalThenFacts(lead, known);
            }
        }

        return result;
    }

    private sealed class RefusalThenFactsDto
    {
        public string? Lead { get; set; }
        public List<string>? Facts { get; set; }
    }

    // A key written twice in one map (two "cancels:" on one situation) is refused, not read as the last one.
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    /// <summary>An optional file: null when it is absent, otherwise read as <see cref="Read{T}"/> reads a required one.</summary>
    private static T? ReadOptional<T>(string root, string relative, List<string> problems)
        where T : class =>
        File.Exists(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar))) ? Read<T>(root, relative, problems) : null;

    private static T? Read<T>(string root, string relative, List<string> problems)
        where T : class
    {
        var path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(path))
        {
            problems.Add($"{relative}: is missing (required file)");
            return null;
        }

        try
        {
            var value = Yaml.Deserialize<T>(File.ReadAllText(path, Encoding.UTF8));
            if (value is null)
            {
                problems.Add($"{relative}: is empty");
            }

            return value;
        }
        catch (YamlException e)
        {
            problems.Add($"{relative}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
            return null;
        }
    }

    private static List<Situation> LoadSituations(string root, KnowledgeBase knowledge, List<string> problems)
    {
        var result = new List<Situation>();
        var dtos = Read<List<SituationDto>>(root, SituationsFile, problems);
        if (dtos is null)
        {
            return result;
        }

        foreach (var d in dtos)
        {
            var where = $"{SituationsFile}: situation '{d.Id}'";
            if (d.Id is null || !SituationIds.Tiers.TryGetValue(d.Id, out var fixedTier))
            {
                problems.Add($"{where}: not one of the fixed situation ids ({string.Join(", ", SituationIds.Tiers.Keys)})");
                continue;
            }

            if (!Enum.TryParse<Urgency>(d.Tier, ignoreCase: false, out var tier) || tier != fixedTier)
            {
                problems.Add($"{where}: tier must be {fixedTier}, not '{d.Tier}'");
            }

            var refs = d.References ?? [];
            if (refs.Count == 0)
            {
                problems.Add($"{where}: its text must rest on at least one reference");
            }

            problems.AddRange(refs.Where(r => !knowledge.References.ContainsKey(r)).Select(r => $"{where}: unknown reference id '{r}'"));
            var texts = (d.Text ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.Trim(), StringComparer.Ordinal);
            if (!texts.TryGetValue("en", out var en) || en.Length == 0)
            {
                problems.Add($"{where}: needs an English text (text: en:)");
                continue;
            }

            if (d.Context is not null && d.Context is not ("injection" or "surgery"))
            {
                problems.Add($"{where}: context must be 'injection' or 'surgery'");
            }

            result.Add(new Situation(d.Id, fixedTier, refs, texts, d.Acute, d.Context, d.Outranks ?? [], d.Cancels ?? []));
        }

        foreach (var missing in SituationIds.Tiers.Keys.Except(result.Select(s => s.Id), StringComparer.Ordinal))
        {
            problems.Add($"{SituationsFile}: the situation '{missing}' is missing");
        }

        foreach (var rule in knowledge.SafetyRules)
        {
            if (SafetyRuleIds.SituationOf(rule.Id, result) is null)
            {
                problems.Add($"{rule.Location}: red-flag rule '{rule.Id}' must be named after its situation (situation id, optionally followed by '-' and more)");
            }
        }

        return result;
    }

    private static SafetyCues? LoadCues(string root, List<string> problems)
    {
        var d = Read<CuesDto>(root, CuesFile, problems);
        if (d is null)
        {
            return null;
        }

        var contexts = (d.Contexts ?? []).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);
        foreach (var required in new[] { "injection", "surgery" })
        {
            if (!contexts.ContainsKey(required))
            {
                problems.Add($"{CuesFile}: contexts needs '{required}'");
            }
        }

        return new SafetyCues(d.Negation ?? [], d.Chronic ?? [], d.Question ?? [], d.ClauseBreaks ?? [], contexts, d.Past ?? [], d.Hypothetical ?? [], d.Present ?? [], d.Resolved ?? []);
    }

    private static List<SafetyLanguage> LoadLanguages(string root, List<string> problems)
    {
        var dtos = Read<List<LanguageDto>>(root, LanguagesFile, problems) ?? [];
        var result = new List<SafetyLanguage>();
        foreach (var d in dtos)
        {
            if (string.IsNullOrWhiteSpace(d.Code) || string.IsNullOrWhiteSpace(d.EnglishOnly))
            {
                problems.Add($"{LanguagesFile}: every language needs code and english_only");
                continue;
            }

            if ((d.StopWords is null || d.StopWords.Count < 10) && d.Script is null)
            {
                problems.Add($"{LanguagesFile}: language '{d.Code}' needs a script or at least 10 stop words");
            }

            var smallTalk = new List<LanguageSmallTalk>();
            foreach (var (key, entry) in d.SmallTalk ?? [])
            {
                if (!LanguageSmallTalk.Keys.TryGetValue(key, out var intent))
                {
                    problems.Add($"{LanguagesFile}: language '{d.Code}': small_talk '{key}' is not one of {string.Join(", ", LanguageSmallTalk.Keys.Keys)}");
                }
                else if (entry.Words is not { Count: > 0 } || string.IsNullOrWhiteSpace(entry.Reply))
                {
                    problems.Add($"{LanguagesFile}: language '{d.Code}': small_talk '{key}' needs words and a reply");
                }
                else
                {
                    smallTalk.Add(LanguageSmallTalk.Create(intent, entry.Words, entry.Reply));
                }
            }

            result.Add(new SafetyLanguage(d.Code, d.EnglishOnly.Trim(), d.Advice?.Trim(), d.Disclaimer?.Trim(), d.StopWords ?? [], d.Script) { SmallTalk = smallTalk });
        }

        foreach (var required in new[] { "en", "es", "fr", "de", "pt", "it" })
        {
            if (!result.Any(l => l.Code == required))
            {
                problems.Add($"{LanguagesFile}: the language '{required}' is missing");
            }
        }

        return result;
    }

    private static List<SafetyExample> LoadExamples(string root, IReadOnlyList<Situation> situations, List<string> problems)
    {
        var result = new List<SafetyExample>();
        var folder = Path.Combine(root, ExamplesFolder.Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
        {
            problems.Add($"{ExamplesFolder}: is missing (the example bank)");
            return result;
        }

        var labels = situations.Select(s => s.Id).Append(SituationIds.None).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var relative = ExamplesFolder + "/" + Path.GetFileName(file);
            var groups = Read<List<ExampleGroupDto>>(root, relative, problems) ?? [];
            foreach (var g in groups)
            {
                if (g.Label is null || !labels.Contains(g.Label))
                {
                    problems.Add($"{relative}: unknown label '{g.Label}' (a situation id or 'none')");
                    continue;
                }

                result.AddRange((g.Examples ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => new SafetyExample(g.Label, t.Trim(), relative)));
            }
        }

        foreach (var s in situations.Where(s => !result.Any(e => e.Label == s.Id)))
        {
            problems.Add($"{ExamplesFolder}: no examples for the situation '{s.Id}'");
        }

        var duplicates = result.GroupBy(e => e.Text.ToLowerInvariant(), StringComparer.Ordinal).Where(g => g.Select(e => e.Label).Distinct().Count() > 1);
        problems.AddRange(duplicates.Select(g => $"{ExamplesFolder}: the example '{g.First().Text}' has two labels ({string.Join(", ", g.Select(e => e.Label).Distinct())})"));
        return result;
    }

    private static string Hash(IReadOnlyList<SafetyExample> examples)
    {
        var sb = new StringBuilder();
        foreach (var e in examples)
        {
            sb.Append(e.Label).Append('\u0001').Append(e.Text).Append('\u0002');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    // YAML shapes (underscored names).
#pragma warning disable CA1812 // instantiated by YamlDotNet
    private sealed class SituationDto
    {
        public string? Id { get; set; }
        public string? Tier { get; set; }
        public List<string>? References { get; set; }
        public bool Acute { get; set; }
        public string? Context { get; set; }
        public List<string>? Outranks { get; set; }
        public List<string>? Cancels { get; set; }
        public Dictionary<string, string>? Text { get; set; }
    }

    private sealed class CuesDto
    {
        public List<string>? Negation { get; set; }
        public List<string>? Chronic { get; set; }
        public List<string>? Question { get; set; }
        public List<string>? ClauseBreaks { get; set; }
        public Dictionary<string, List<string>>? Contexts { get; set; }
        public List<string>? Past { get; set; }
        public List<string>? Hypothetical { get; set; }
        public List<string>? Present { get; set; }
        public List<string>? Resolved { get; set; }
    }

    private sealed class LanguageDto
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? EnglishOnly { get; set; }
        public string? Advice { get; set; }
        public string? Disclaimer { get; set; }
        public string? Script { get; set; }
        public List<string>? StopWords { get; set; }
        public Dictionary<string, SmallTalkDto>? SmallTalk { get; set; }
    }

    private sealed class SmallTalkDto
    {
        public List<string>? Words { get; set; }
        public string? Reply { get; set; }
    }

    private sealed class ExampleGroupDto
    {
        public string? Label { get; set; }
        public List<string>? Examples { get; set; }
    }
#pragma warning restore CA1812
}

/// <summary>How red-flag rule ids name their situation: the situation id, optionally followed by "-" and a suffix.</summary>
public static class SafetyRuleIds
{
    /// <summary>The situation a rule belongs to (the longest situation id the rule id starts with at a '-'), or null.</summary>
    public static Situation? SituationOf(string ruleId, IEnumerable<Situation> situations)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        Situation? best = null;
        foreach (var s in situations)
        {
            if ((ruleId.Length == s.Id.Length || (ruleId.Length > s.Id.Length && ruleId[s.Id.Length] == '-'))
                && ruleId.StartsWith(s.Id, StringComparison.Ordinal) && (best is null || s.Id.Length > best.Id.Length))
            {
                best = s;
            }
        }

        return best;
    }
}
