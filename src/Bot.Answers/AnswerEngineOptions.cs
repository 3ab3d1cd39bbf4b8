using Bot.Answers.Index;

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
    public double MinCoverage { get; set; } = 0.5;

    /// <summary>Minimum evidence for an answer: the IDF of the matched words, summed, relative to the IDF of
    /// a word no fact contains (0-1 per word). A fact may instead pass on <see cref="MinQuestionMatch"/>.</summary>
    public double MinEvidence { get; set; } = 0.25;

    /// <summary>Overlap (weighted Jaccard, 0-1) with one of the fact's stored questions that is enough on its own,
    /// with <see cref="MinCoverage"/>, for an answer.</summary>
    public double MinQuestionMatch { get; set; } = 0.5;

    /// <summary>When the runner-up's score is within this margin of the best one and the best fact does
    /// not clearly cover the question (see <see cref="SureCoverage"/>), the engine asks "did you mean".</summary>
    public double DidYouMeanMargin { get; set; } = 0.02;

    /// <summary>Coverage at or above which the best fact is answered without a "did you mean".</summary>
    public double SureCoverage { get; set; } = 0.75;

    /// <summary>Facts composed into one answer (one per question asked in the message).</summary>
    public int MaxFactsPerAnswer { get; set; } = 3;

    /// <summary>Follow-up (or fallback) questions suggested with an answer.</summary>
    public int MaxSuggestions { get; set; } = 3;

    /// <summary>Candidates read from the index per question before re-ranking.</summary>
    public int Candidates { get; set; } = 12;

    /// <summary>BM25 column weights of the full-text index.</summary>
    public FtsColumnWeights ColumnWeights { get; set; } = new();

    /// <summary>Synonym groups (canonical names) that mark a message as being about the bot's subject:
    /// an unanswerable message with one of them gets "I don't have information on that", without one
    /// "that is outside what I cover".</summary>
    public IList<string> DomainConcepts { get; set; } =
    [
        "hemifacial spasm", "spasm", "face", "eye", "facial nerve", "botulinum toxin", "microvascular decompression",
        "blepharospasm", "myokymia", "bell's palsy", "trigeminal neuralgia", "tic", "ptosis", "babinski sign",
        "stapedius", "emg",
    ];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(MaxQuestionLength is >= 20 and <= 20_000, nameof(MaxQuestionLength), "must be between 20 and 20000");
        Check(MinCoverage is >= 0 and <= 1, nameof(MinCoverage), "must be between 0 and 1");
        Check(MinEvidence >= 0, nameof(MinEvidence), "must not be negative");
        Check(MinQuestionMatch is >= 0 and <= 1, nameof(MinQuestionMatch), "must be between 0 and 1");
        Check(DidYouMeanMargin is >= 0 and <= 1, nameof(DidYouMeanMargin), "must be between 0 and 1");
        Check(SureCoverage is >= 0 and <= 1, nameof(SureCoverage), "must be between 0 and 1");
        Check(MaxFactsPerAnswer is >= 1 and <= 3, nameof(MaxFactsPerAnswer), "must be between 1 and 3");
        Check(MaxSuggestions is >= 0 and <= 10, nameof(MaxSuggestions), "must be between 0 and 10");
        Check(Candidates is >= 1 and <= 200, nameof(Candidates), "must be between 1 and 200");
        Check(ColumnWeights is not null, nameof(ColumnWeights), "is required");
        Check(DomainConcepts is not null, nameof(DomainConcepts), "is required");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{SectionName}:{name} {rule}.", name);
        }
    }
}
