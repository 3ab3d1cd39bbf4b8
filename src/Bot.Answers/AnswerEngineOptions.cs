using Bot.Answers.Index;
using Bot.Answers.Semantic;

namespace Bot.Answers;

/// <summary>
/// Tuning of the answer engine. The defaults were calibrated on the project's case set
/// (tests/Bot.Answers.Tests/Cases/cases.json); bind from configuration section <see cref="SectionName"/>
/// and call <see cref="Validate"/> at start-up.
/// </summary>
public sealed class AnswerEngineOptions
{
    public const string SectionName = "Answers";

    /// <summary>Characters of a message that are answered; the rest is ignored and the answer says so
    /// (<see cref="Answer.Truncated"/>). The safety screens still read the whole message.</summary>
    public int MaxQuestionLength { get; set; } = 600;

    /// <summary>Share (0-1) of the question's weighted words the best fact must match to be answered.</summary>
    public double MinCoverage { get; set; } = 0.45;

    /// <summary>Coverage required instead of <see cref="MinCoverage"/> when the message names none of the
    /// <see cref="DomainConcepts"/> ("can the operation make me deaf?" still passes; "how tall is Everest?" does not).</summary>
    public double MinCoverageWithoutDomain { get; set; } = 0.65;

    /// <summary>Minimum evidence for an answer: the IDF of the matched words, summed, relative to the IDF of
    /// a word no fact contains (0-1 per word). A fact may instead pass on <see cref="MinQuestionMatch"/>.</summary>
    public double MinEvidence { get; set; } = 0.15;

    /// <summary>Overlap (weighted Jaccard, 0-1) with one of the fact's stored questions that is enough on its own,
    /// with <see cref="MinCoverage"/>, for an answer.</summary>
    public double MinQuestionMatch { get; set; } = 0.4;

    /// <summary>When the runner-up's score is within this margin of the best one and the best fact does
    /// not clearly cover the question (see <see cref="SureCoverage"/>), the engine asks "did you mean".</summary>
    public double DidYouMeanMargin { get; set; } = 0.01;

    /// <summary>Coverage at or above which the best fact is answered without a "did you mean".</summary>
    public double SureCoverage { get; set; } = 0.75;

    /// <summary>Facts composed into one answer (one per question asked in the message).</summary>
    public int MaxFactsPerAnswer { get; set; } = 3;

    /// <summary>Follow-up (or fallback) questions suggested with an answer.</summary>
    public int MaxSuggestions { get; set; } = 3;

    /// <summary>Candidates read from the index per question before re-ranking.</summary>
    public int Candidates { get; set; } = 40;

    /// <summary>Semantic mode: share of a candidate's score that is its similarity to the message (the rest is the lexical score).</summary>
    public double SemanticWeight { get; set; } = 0.5;

    /// <summary>Semantic mode: similarity at which a fact is accepted even when its words fall short of the lexical threshold.</summary>
    public double SemanticAccept { get; set; } = 0.6;

    /// <summary>Semantic mode: similarity under which a fact is never accepted, however many words it shares.</summary>
    public double SemanticFloor { get; set; } = 0.3;

    /// <summary>Semantic mode: the facts closest in meaning that join the index's candidates.</summary>
    public int SemanticCandidates { get; set; } = 10;

    /// <summary>Weight (IDF) given to a word that no fact contains. Such a word is either filler the stop list
    /// lacks or a subject the knowledge does not cover; a middling weight keeps one unknown word from
    /// sinking a good match while several still do.</summary>
    public double UnseenWordWeight { get; set; } = 2.0;

    /// <summary>Weight (like an IDF) of the question's kind (what / how / why / yes-no ...) in the stored-question overlap.</summary>
    public double QuestionFormWeight { get; set; } = 1.5;

    /// <summary>Share (0-1) of the exact wording (stems as written) in the stored-question overlap; the rest
    /// compares meaning (synonym groups).</summary>
    public double ExactWordingShare { get; set; } = 0.2;

    /// <summary>Share of the index's BM25 score (relative to the best candidate) in the combined score.</summary>
    public double Bm25Weight { get; set; } = 0.15;

    /// <summary>Share of coverage in the combined score.</summary>
    public double CoverageWeight { get; set; } = 0.25;

    /// <summary>Share of the closest stored question's overlap in the combined score.</summary>
    public double QuestionWeight { get; set; } = 0.6;

    /// <summary>Index searches remembered (<see cref="Index.CachedKnowledgeIndex"/>): a repeated search costs a
    /// lookup instead of a Lucene query. 0 turns the cache off.</summary>
    public int SearchCacheSize { get; set; } = 4096;

    /// <summary>BM25 field boosts of the Lucene index.</summary>
    public FieldBoosts FieldBoosts { get; set; } = new();

    /// <summary>Optional: a Lucene index directory written by the command line's <c>index</c>, loaded at start
    /// instead of building the index (it must have been built from the same knowledge).</summary>
    public string? IndexDirectory { get; set; }

    /// <summary>Synonym groups (canonical names) that mark a message as being about the bot's subject:
    /// an unanswerable message with one of them gets "I don't have information on that", without one
    /// "that is outside what I cover".</summary>
    public IList<string> DomainConcepts { get; set; } =
    [
        "hemifacial spasm", "spasm", "face", "eye", "facial nerve", "botulinum toxin", "microvascular decompression",
        "blepharospasm", "myokymia", "bell's palsy", "trigeminal neuralgia", "tic", "ptosis", "babinski sign",
        "stapedius", "emg", "hereditary", "dangerous", "implant",
    ];

    /// <summary>The semantic layer (section <c>Answers:Semantic</c>); the host and the command line build the encoder from it.</summary>
    public SemanticOptions Semantic { get; set; } = new();

    /// <summary>Synonym groups (canonical names) that are subjects a conversation can be about: the answer's
    /// <see cref="Answer.Topic"/> names them, and a follow-up without a subject of its own ("is that safe?",
    /// "how successful is it?") is read with them.</summary>
    public IList<string> TopicConcepts { get; set; } =
    [
        "botulinum toxin", "toxin brand", "microvascular decompression", "surgery", "medication", "named medicine",
        "radiosurgery", "blepharospasm", "myokymia", "bell's palsy", "trigeminal neuralgia", "tic", "mri", "emg",
        "implant", "young", "old age", "woman", "driving", "sleep",
    ];

    /// <summary>Tuning of the semantic layer of safety triage (section <c>Answers:Triage</c>).</summary>
    public Safety.TriageOptions Triage { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(Semantic is not null, nameof(Semantic), "is required");
        Semantic!.Validate();
        Check(MaxQuestionLength is >= 20 and <= 20_000, nameof(MaxQuestionLength), "must be between 20 and 20000");
        Check(MinCoverage is >= 0 and <= 1, nameof(MinCoverage), "must be between 0 and 1");
        Check(MinCoverageWithoutDomain is >= 0 and <= 1, nameof(MinCoverageWithoutDomain), "must be between 0 and 1");
        Check(MinEvidence >= 0, nameof(MinEvidence), "must not be negative");
        Check(MinQuestionMatch is >= 0 and <= 1, nameof(MinQuestionMatch), "must be between 0 and 1");
        Check(SemanticWeight is >= 0 and <= 1, nameof(SemanticWeight), "must be between 0 and 1");
        Check(SemanticAccept is >= -1 and <= 1, nameof(SemanticAccept), "must be between -1 and 1");
        Check(SemanticFloor is >= -1 and <= 1, nameof(SemanticFloor), "must be between -1 and 1");
        Check(SemanticCandidates is >= 0 and <= 100, nameof(SemanticCandidates), "must be between 0 and 100");
        Check(DidYouMeanMargin is >= 0 and <= 1, nameof(DidYouMeanMargin), "must be between 0 and 1");
        Check(SureCoverage is >= 0 and <= 1, nameof(SureCoverage), "must be between 0 and 1");
        Check(MaxFactsPerAnswer is >= 1 and <= 3, nameof(MaxFactsPerAnswer), "must be between 1 and 3");
        Check(MaxSuggestions is >= 0 and <= 10, nameof(MaxSuggestions), "must be between 0 and 10");
        Check(Candidates is >= 1 and <= 200, nameof(Candidates), "must be between 1 and 200");
        Check(QuestionFormWeight is >= 0 and <= 10, nameof(QuestionFormWeight), "must be between 0 and 10");
        Check(ExactWordingShare is >= 0 and <= 1, nameof(ExactWordingShare), "must be between 0 and 1");
        Check(UnseenWordWeight is > 0 and <= 20, nameof(UnseenWordWeight), "must be above 0 and at most 20");
        Check(Bm25Weight >= 0 && CoverageWeight >= 0 && QuestionWeight >= 0 && Bm25Weight + CoverageWeight + QuestionWeight > 0,
            nameof(QuestionWeight), "and the other score weights must not be negative and must not all be 0");
        Check(SearchCacheSize is >= 0 and <= 1_000_000, nameof(SearchCacheSize), "must be between 0 and 1000000");
        Check(FieldBoosts is not null && FieldBoosts.IsValid, nameof(FieldBoosts), "are required, each between 0 and 100");
        Check(DomainConcepts is not null, nameof(DomainConcepts), "is required");
        Check(TopicConcepts is not null, nameof(TopicConcepts), "is required");
        Check(Triage is not null, nameof(Triage), "is required");
        Triage!.Validate();
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{SectionName}:{name} {rule}.", name);
        }
    }
}
