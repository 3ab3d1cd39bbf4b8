using Bot.Knowledge.Model;

namespace Bot.Answers.Tests;

/// <summary>A small knowledge base built in code, so engine behaviour is tested independently of knowledge/.</summary>
internal static class TestKnowledge
{
    private static readonly SourceLocation Here = new("test", 1);

    public static Reference Ref(string id, string title, string url, ReferenceTier tier = ReferenceTier.A) =>
        new(id, title, "Test Publisher", 2020, new Uri(url), tier, Here);

    /// <summary>A fact whose answer's sentences are its claims, each citing all of <paramref name="refs"/>.</summary>
    public static Fact Fact(string id, string topic, string answer, string[] questions, string[] refs, string[]? related = null, bool surgical = false) =>
        Fact(id, topic, Bot.Knowledge.Text.SentenceSplitter.Split(answer).Select(s => new FactClaim(s, refs)).ToArray(), questions, related, surgical);

    /// <summary>A fact with its claims given one by one.</summary>
    public static Fact Fact(string id, string topic, FactClaim[] claims, string[] questions, string[]? related = null, bool surgical = false) =>
        new(id, topic, questions, claims, [Bot.Knowledge.Model.Fact.AddedFromReferences], Review, related ?? [], Here)
        {
            IsSurgical = surgical,
        };

    public static readonly FactReview Review = new("medical review", new DateOnly(2026, 11, 22), new DateOnly(2027, 11, 22));

    public static KnowledgeBase Create(Action<List<Fact>>? editFacts = null)
    {
        var references = new[]
        {
            Ref("ninds", "Hemifacial spasm information page", "https://www.ninds.nih.gov/hfs"),
            Ref("sp", "Hemifacial Spasm (StatPearls)", "https://pubmed.ncbi.nlm.nih.gov/30252364/"),
            Ref("tox", "Botulinum toxin for hemifacial spasm", "https://doi.org/10.3390/toxins13120881"),
            Ref("miller", "Safety and effectiveness of microvascular decompression", "https://pubmed.ncbi.nlm.nih.gov/22168965/"),
            Ref("mayo-fast", "Act FAST if you suspect stroke", "https://www.mayoclinic.org/fast"),
        }.ToDictionary(r => r.Id, StringComparer.Ordinal);

        var facts = new List<Fact>
        {
            Fact("hfs-what", "basics",
                "Hemifacial spasm is a condition in which the muscles on one side of the face twitch involuntarily. It is usually painless.",
                ["What is hemifacial spasm?", "What does hemifacial spasm mean?", "Define hemifacial spasm", "What is HFS?"],
                ["ninds", "sp"], ["hfs-cause", "hfs-botox"]),
            Fact("hfs-cause", "causes",
                "Most cases are caused by a blood vessel pressing on the facial nerve where it leaves the brainstem.",
                ["What causes hemifacial spasm?", "Why does hemifacial spasm happen?", "What is the cause of HFS?", "Where does the twitching come from?"],
                ["ninds"], ["hfs-what"]),
            Fact("hfs-botox", "treatment",
                "Botulinum toxin injections weaken the twitching muscles. Most people improve, and the effect lasts about three months.",
                ["How does botulinum toxin treat hemifacial spasm?", "Does Botox help hemifacial spasm?", "How well do the injections work?", "What treatments are there?"],
                ["tox"], ["hfs-mvd"]),
            Fact("hfs-mvd", "surgery",
                "Microvascular decompression is an operation that moves the artery away from the facial nerve. It cures most patients but has risks such as hearing loss.",
                ["What is microvascular decompression?", "Is there surgery for hemifacial spasm?", "What is the Jannetta procedure?", "Can an operation cure the spasm?"],
                ["miller", "ninds"], ["hfs-botox"], surgical: true),
            Fact("hfs-sleep", "symptoms",
                "The spasms often continue during sleep, though less than when awake.",
                ["Does hemifacial spasm continue during sleep?", "Do the spasms stop at night?", "Can it wake me up?", "Does the twitch happen while sleeping?"],
                ["sp"]),
            Fact("hfs-botox-risk", "treatment",
                "Side effects of botulinum toxin injections include a drooping eyelid and mild facial weakness; they are usually temporary.",
                ["What are the side effects of botulinum toxin?", "Is Botox safe for hemifacial spasm?", "What risks do the injections have?", "Can Botox make my eyelid droop?"],
                ["tox"]),
        };
        editFacts?.Invoke(facts);

        var synonyms = new List<SynonymGroup>
        {
            new("hemifacial spasm", ["hfs", "hemifacial"], Here),
            new("spasm", ["twitch", "twitching", "twitches", "spasms", "jumping"], Here),
            new("botulinum toxin", ["botox", "botulinum", "injections", "injection"], Here),
            new("microvascular decompression", ["mvd", "jannetta", "decompression"], Here),
            new("surgery", ["operation", "surgical", "operate"], Here),
            new("face", ["facial", "cheek"], Here),
            new("eye", ["eyelid", "eyes"], Here),
            new("sleep", ["night", "asleep", "sleeping"], Here),
            new("cause", ["causes", "why", "reason"], Here),
            new("complication", ["side effects", "side effect", "risks", "risk"], Here),
            new("treatment", ["treat", "treatments", "therapy", "cure"], Here),
        };

        var rules = new List<SafetyRule>
        {
            new("stroke-face", SafetyRuleKind.Emergency, "sudden face droop",
                [@"\b(sudden|suddenly)\b.{0,60}\b(droop|weak|numb)\w*", @"\bmy face\b.{0,20}\bdroop\w*"], ["mayo-fast"], Here),
            new("stroke-speech", SafetyRuleKind.Emergency, "slurred speech", [@"\bslurr\w*"], ["mayo-fast"], Here),
            new("self-harm", SafetyRuleKind.Crisis, "self-harm", [@"\b(kill|hurt) myself\b|\bsuicid\w*"], [], Here),
        };

        var refusals = new List<RefusalTopic>
        {
            new("diagnose", "diagnosis", [@"\b(do|could) i have (hemifacial|hfs|it|this)\b", @"\bcan you diagnos\w*"], TextKeys.CannotDiagnose, Here),
            new("dosing", "doses", [@"\b(dose|dosage|mg|units?)\b", @"\bhow much\b.{0,40}\btake\b"], TextKeys.NoDosing, Here),
            new("buying", "buying", [@"\b(buy|cheap|pharmacy)\b"], TextKeys.NoBuying, Here),
        };

        var texts = typeof(TextKeys).GetFields()
            .Select(f => (string)f.GetValue(null)!)
            .ToDictionary(k => k, k => $"TEXT[{k}] about hemifacial spasm.", StringComparer.Ordinal);
        texts[TextKeys.AdviceNeurologist] = "Please see a neurologist.";
        texts[TextKeys.AdviceNeurosurgeon] = "Discuss surgery with a neurosurgeon.";
        texts[TextKeys.Disclaimer] = "General information, not a diagnosis.";
        texts[TextKeys.Emergency] = "Call your local emergency number now.";
        texts[TextKeys.Crisis] = "Call a crisis line now.";
        texts["advice_emergency"] = "A neurologist can follow up after emergency care.";

        return new KnowledgeBase(facts, references, synonyms, rules, refusals, texts, new Dictionary<string, SourceSentence>());
    }
}
