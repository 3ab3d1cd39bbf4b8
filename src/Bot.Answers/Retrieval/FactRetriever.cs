using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Bot.Answers.Index;
using Bot.Answers.Query;
using Bot.Answers.Text;
using Bot.Knowledge.Model;

namespace Bot.Answers.Retrieval;

/// <summary>A fact with its retrieval scores for one question.</summary>
/// <param name="Fact">The fact.</param>
/// <param name="Score">Combined confidence, 0-1 (what <see cref="Answer.Score"/> reports).</param>
/// <param name="Coverage">IDF-weighted share of the question's words the fact contains, 0-1.</param>
/// <param name="Evidence">Sum of the IDF of the question's words the fact contains.</param>
/// <param name="Bm25">The index's BM25 score (positive, higher is better).</param>
/// <param name="QuestionMatch">Weighted Jaccard overlap with the fact's closest stored question, 0-1.</param>
public sealed record ScoredFact(Fact Fact, double Score, double Coverage, double Evidence, double Bm25, double QuestionMatch)
{
    /// <summary>The semantic layer's similarity (best cosine over the fact's phrasings and claims), or null in lexical mode.</summary>
    public double? Semantic { get; init; }

    /// <summary>The lexical score alone (before fusion with <see cref="Semantic"/>; equal to <see cref="Score"/> in lexical mode).</summary>
    public double Lexical { get; init; } = double.NaN;

    /// <summary>
    /// Whether a low <see cref="Semantic"/> similarity vetoes the fact. False for a follow-up read against the
    /// conversation's topic: its own words ("can one turn into the other?") mean little alone, so there the
    /// meaning may only help (<see cref="AnswerEngineOptions.SemanticAccept"/>), never veto.
    /// </summary>
    public bool MeaningVetoes { get; init; } = true;
}

/// <summary>The subjects a text names (see <see cref="FactRetriever.Subjects"/>).</summary>
public sealed record TextSubjects(IReadOnlyList<string> Subjects, bool NamesSubject)
{
    /// <summary>True when the text names the condition itself or one of the topic subjects.</summary>
    public bool NamesAny => NamesSubject || Subjects.Count > 0;
}

/// <summary>What retrieval found for a whole message.</summary>
public sealed record RetrievalResult(
    IReadOnlyList<ScoredFact> Accepted,
    IReadOnlyList<ScoredFact> Ranked,
    AnalyzedQuery Analysis,
    bool MentionsDomain)
{
    public ScoredFact? Best => Ranked.Count > 0 ? Ranked[0] : null;
}

/// <summary>
/// Retrieval: splits a message into the questions it asks, asks the index for candidates (BM25 with column
/// weights), and re-ranks them with two in-memory measures that are comparable across questions and so can
/// carry a calibrated threshold: coverage (the IDF-weighted share of the question's words and concepts the
/// fact contains) and question match (a weighted Jaccard overlap with the fact's closest stored question).
/// With the semantic layer (<see cref="SemanticIndex"/>), the message's embedding adds candidates the
/// words missed, and each candidate's score is fused: (1 - w) x lexical + w x similarity. A fact is
/// accepted when it passes the lexical threshold or its similarity reaches
/// <see cref="AnswerEngineOptions.SemanticAccept"/>, and never when its similarity is under
/// <see cref="AnswerEngineOptions.SemanticFloor"/> (the words matched, the meaning did not).
/// Immutable and thread-safe.
/// </summary>
public sealed partial class FactRetriever
{
    private readonly SemanticIndex? _semantic;
    private readonly IKnowledgeIndex _index;
    private readonly QueryAnalyzer _analyzer;
    private readonly AnswerEngineOptions _options;
    private readonly FrozenDictionary<string, Profile> _profiles;
    private readonly FrozenDictionary<string, double> _idf;
    private readonly FrozenDictionary<string, double> _questionIdf;
    private readonly double _unseenIdf;
    private readonly double _maxIdf;
    private readonly double _commonIdf;
    private readonly double _formWeight;
    private readonly double _exactWordingShare;
    private readonly FrozenSet<string> _domainTokens;
    private readonly int[] _topicConcepts;
    private readonly int _conditionConcept;
    private readonly FrozenDictionary<string, TextSubjects> _factSubjects;

    public FactRetriever(KnowledgeBase knowledge, IKnowledgeIndex index, QueryAnalyzer analyzer, AnswerEngineOptions options)
        : this(knowledge, index, analyzer, options, semantic: null)
    {
    }

    /// <summary>Retrieval with the semantic layer's index of phrasing and claim vectors (null: lexical only).</summary>
    public FactRetriever(KnowledgeBase knowledge, IKnowledgeIndex index, QueryAnalyzer analyzer, AnswerEngineOptions options, SemanticIndex? semantic)
    {
        _semantic = semantic;
        ArgumentNullException.ThrowIfNull(knowledge);
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        var profiles = knowledge.Facts.ToDictionary(f => f.Id, f => Profile.Of(f, analyzer.Analyzer), StringComparer.Ordinal);
        _profiles = profiles.ToFrozenDictionary(StringComparer.Ordinal);
        var n = Math.Max(1, profiles.Count);
        _unseenIdf = options.UnseenWordWeight;
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in profiles.Values)
        {
            foreach (var u in p.Units)
            {
                df[u] = df.GetValueOrDefault(u) + 1;
            }
        }

        _idf = df.ToFrozenDictionary(kv => kv.Key, kv => Idf(n, kv.Value), StringComparer.Ordinal);
        var qdf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in profiles.Values)
        {
            foreach (var u in p.QuestionUnits.SelectMany(q => q).Concat(p.QuestionStems.SelectMany(q => q)).Distinct(StringComparer.Ordinal))
            {
                qdf[u] = qdf.GetValueOrDefault(u) + 1;
            }
        }

        _questionIdf = qdf.ToFrozenDictionary(kv => kv.Key, kv => Idf(n, kv.Value), StringComparer.Ordinal);
        foreach (var p in profiles.Values)
        {
            p.QuestionWeights = p.QuestionUnits.Select(q => q.Where(v => !v.StartsWith("qf-", StringComparison.Ordinal)).Sum(v => _questionIdf.GetValueOrDefault(v, _unseenIdf))).ToArray();
            p.StemWeights = p.QuestionStems.Select(q => q.Sum(v => _questionIdf.GetValueOrDefault(v, _unseenIdf))).ToArray();
        }
        _formWeight = options.QuestionFormWeight;
        _exactWordingShare = options.ExactWordingShare;
        _maxIdf = Idf(n, 0);
        _commonIdf = Idf(n, (int)(n * 0.5));
        _topicConcepts = options.TopicConcepts.Select(analyzer.Concepts.IndexOf).Where(i => i >= 0).Distinct().Order().ToArray();
        _conditionConcept = analyzer.Concepts.IndexOf("hemifacial spasm");
        _domainTokens = options.DomainConcepts
            .Select(analyzer.Concepts.IndexOf)
            .Where(i => i >= 0)
            .Select(analyzer.Concepts.TokenOf)
            .ToFrozenSet(StringComparer.Ordinal);
        _factSubjects = knowledge.Facts.ToFrozenDictionary(f => f.Id, f => Subjects(f.Questions[0]), StringComparer.Ordinal);
    }

    private static double Idf(int n, int df) => Math.Log((n + 1.0) / (df + 0.5));

    /// <summary>
    /// The analysis of a text, remembered for the last few texts of this thread: one turn asks for the same
    /// text's analysis up to four times (its subjects, its known share, its domain, its ranking), and the
    /// Lucene analysis chain with its spelling step is a large share of a lexical answer's time. Keyed by
    /// this retriever and the exact text, so it returns exactly what the analyzer would.
    /// </summary>
    private AnalyzedQuery Analyze(string text)
    {
        var recent = t_recent ??= new (FactRetriever?, string?, AnalyzedQuery?)[RecentAnalyses];
        foreach (var (owner, key, query) in recent)
        {
            if (ReferenceEquals(owner, this) && string.Equals(key, text, StringComparison.Ordinal))
            {
                return query!;
            }
        }

        var result = _analyzer.Analyze(text);
        recent[t_next] = (this, text, result);
        t_next = (t_next + 1) % RecentAnalyses;
        return result;
    }

    private const int RecentAnalyses = 4;

    [ThreadStatic]
    private static (FactRetriever? Owner, string? Text, AnalyzedQuery? Query)[]? t_recent;

    [ThreadStatic]
    private static int t_next;

    /// <summary>The documents the index is built from (the fact's text; the analyzer adds the synonym groups).</summary>
    public static IEnumerable<IndexDocument> Documents(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        foreach (var fact in knowledge.Facts)
        {
            yield return new IndexDocument(fact.Id, string.Join("\n", fact.Questions), fact.Answer, TopicWords(fact.Topic));
        }
    }

    internal static string TopicWords(string topic) => topic.Replace('-', ' ').Replace('_', ' ');

    /// <summary>
    /// The subjects a text names (the canonical names of <see cref="AnswerEngineOptions.TopicConcepts"/> it
    /// contains, in group order), and whether it names the condition itself (which resets the topic).
    /// </summary>
    public TextSubjects Subjects(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var concepts = Analyze(normalizedText).Concepts;
        var subjects = _topicConcepts.Where(concepts.Contains).Select(c => _analyzer.Concepts.Canonicals[c]).ToArray();
        return new TextSubjects(subjects, _conditionConcept >= 0 && concepts.Contains(_conditionConcept));
    }

    /// <summary>The subjects of a fact's first question (what a conversation's topic becomes after it), computed once.</summary>
    public TextSubjects FactSubjects(string factId)
    {
        ArgumentNullException.ThrowIfNull(factId);
        return _factSubjects.TryGetValue(factId, out var subjects) ? subjects : new TextSubjects([], false);
    }

    /// <summary>True when the semantic layer is on (the retriever reads embeddings).</summary>
    public bool IsSemantic => _semantic is not null;

    /// <summary>Finds the facts that answer a normalised message (one per question it asks, best first).</summary>
    /// <param name="normalizedText">The message (normalised).</param>
    /// <param name="embedding">The message's embedding (the turn's one vector); ignored in lexical mode, and
    /// used only where the message asks one question (several questions are matched by their words).</param>
    /// <param name="followUp">True for a follow-up read with the conversation's topic: the embedding (of the
    /// message alone) may raise a fact but not veto one (<see cref="ScoredFact.MeaningVetoes"/>).</param>
    public RetrievalResult Retrieve(string normalizedText, float[]? embedding = null, bool followUp = false)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var similarities = _semantic is not null && embedding is not null ? Similarities(embedding) : null;
        var whole = Analyze(normalizedText);
        var mentionsDomain = whole.Units.Any(u => _domainTokens.Contains(u.Key));
        var segments = QuestionSegments(normalizedText);
        var accepted = new List<ScoredFact>();
        IReadOnlyList<ScoredFact> ranked = [];
        if (segments.Count > 1 || !string.Equals(segments[0], normalizedText, StringComparison.Ordinal))
        {
            // Each question on its own; the rest of the message only adds search terms (context), so
            // "I've had injections for years. Will they keep working?" still finds the injections.
            string? previous = null;
            foreach (var segment in segments)
            {
                // A follow-on question that names nothing of its own ("... and does it work?") is about what
                // the question before it named: read the two together.
                var analysis = Analyze(segment);
                if (previous is not null && analysis.Units.Count(u => !u.Optional) <= 1)
                {
                    analysis = Analyze(previous + " " + segment);
                }

                previous = segment;
                var segRanked = Rank(analysis, whole, mentionsDomain, segments.Count == 1 ? similarities : null, !followUp);
                if (segRanked.Count > 0 && IsConfident(segRanked[0], mentionsDomain) && !accepted.Exists(a => a.Fact.Id == segRanked[0].Fact.Id))
                {
                    accepted.Add(segRanked[0]);
                    if (ranked.Count == 0)
                    {
                        ranked = segRanked;
                    }
                }
            }
        }

        if (accepted.Count == 0)
        {
            ranked = Rank(whole, null, mentionsDomain, similarities, !followUp);
            if (ranked.Count > 0 && IsConfident(ranked[0], mentionsDomain))
            {
                accepted.Add(ranked[0]);
            }
        }

        if (accepted.Count > _options.MaxFactsPerAnswer)
        {
            accepted.RemoveRange(_options.MaxFactsPerAnswer, accepted.Count - _options.MaxFactsPerAnswer);
        }

        return new RetrievalResult(accepted, ranked, whole, mentionsDomain);
    }

    /// <summary>
    /// The threshold: the fact must cover enough of the question, and either the matched words must carry
    /// enough weight or the fact must have a stored question very like it (so "What is hemifacial spasm?",
    /// whose words are in every fact, still has an answer).
    /// </summary>
    /// <param name="f">The candidate.</param>
    /// <param name="mentionsDomain">Whether the message names the subject; without it the fact must cover more of it.</param>
    public bool IsConfident(ScoredFact f, bool mentionsDomain = true)
    {
        ArgumentNullException.ThrowIfNull(f);
        var lexical = f.Coverage >= (mentionsDomain ? _options.MinCoverage : _options.MinCoverageWithoutDomain)
            && (f.Evidence / _maxIdf >= _options.MinEvidence || f.QuestionMatch >= _options.MinQuestionMatch);
        if (f.Semantic is not { } similarity)
        {
            return lexical;
        }

        return f.MeaningVetoes
            ? similarity >= _options.SemanticFloor && (lexical || similarity >= _options.SemanticAccept)
            : lexical || similarity >= _options.SemanticAccept;
    }

    /// <summary>True when a text names the subject (one of <see cref="AnswerEngineOptions.DomainConcepts"/>).</summary>
    public bool MentionsDomain(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        return Analyze(normalizedText).Units.Any(u => _domainTokens.Contains(u.Key));
    }

    /// <summary>The share (0-1) of a text's content words that some fact contains (1 for a text with none).</summary>
    public double KnownShare(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var units = Analyze(normalizedText).Units.Where(u => !u.Optional).ToArray();
        return units.Length == 0 ? 1 : (double)units.Count(u => _idf.ContainsKey(u.Key) || u.Alternatives.Any(_idf.ContainsKey)) / units.Length;
    }

    /// <summary>Each fact's similarity to the message (semantic mode only).</summary>
    private Dictionary<string, double> Similarities(float[] embedding)
    {
        var hits = _semantic!.Search(embedding);
        var map = new Dictionary<string, double>(hits.Count, StringComparer.Ordinal);
        foreach (var h in hits)
        {
            map[h.FactId] = h.Similarity;
        }

        return map;
    }

    /// <summary>Index candidates for an analysed question, re-ranked, best first.</summary>
    /// <param name="query">The question.</param>
    /// <param name="context">Optional: the whole message, whose words are added to the index search only.</param>
    /// <param name="mentionsDomain">Whether the message names the subject. When it does not, a word no fact
    /// contains weighs as much as the rarest known word: in "is coffee bad for my heart" the unknown "coffee"
    /// is what the message is about, and a fact sharing only a generic word ("heart") must not cover it.</param>
    /// <param name="similarities">Semantic mode: every fact's similarity to the message. The closest facts
    /// join the candidates, and each candidate's score is fused with its similarity.</param>
    /// <param name="meaningVetoes">False for a follow-up read with the topic (<see cref="ScoredFact.MeaningVetoes"/>).</param>
    public IReadOnlyList<ScoredFact> Rank(AnalyzedQuery query, AnalyzedQuery? context = null, bool mentionsDomain = true, IReadOnlyDictionary<string, double>? similarities = null, bool meaningVetoes = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<SearchHit> hits = [];
        if (!query.IsEmpty)
        {
            var allTerms = context is null ? query.SearchTerms : query.SearchTerms.Concat(context.SearchTerms).Distinct(StringComparer.Ordinal).ToArray();
            var terms = SelectiveTerms(allTerms);
            hits = _index.Search(terms, _options.Candidates);
            if (hits.Count == 0 && terms.Count < allTerms.Count)
            {
                // The selective words are in no fact ("hemi" of "hemi facial spasm"): search with all of them.
                hits = _index.Search(allTerms, _options.Candidates);
            }
        }

        if (similarities is not null)
        {
            // The facts closest in meaning are candidates even when the index missed them (no shared word).
            var extra = similarities.OrderByDescending(kv => kv.Value).Take(_options.SemanticCandidates)
                .Where(kv => !hits.Any(h => h.FactId == kv.Key)).Select(kv => new SearchHit(kv.Key, 0));
            hits = hits.Concat(extra).ToArray();
        }

        if (hits.Count == 0)
        {
            return [];
        }

        var weights = new double[query.Units.Count];
        var qweights = new double[query.Units.Count];
        var baseTotal = 0.0;
        var baseQTotal = query.Form is null ? 0.0 : _formWeight;
        var queryKeys = new HashSet<string>(StringComparer.Ordinal);
        if (query.Form is not null)
        {
            queryKeys.Add(query.Form);
        }

        for (var i = 0; i < weights.Length; i++)
        {
            var u = query.Units[i];
            weights[i] = Weight(u, _idf, mentionsDomain ? _unseenIdf : _maxIdf);
            qweights[i] = Weight(u, _questionIdf, _unseenIdf);
            if (!u.Optional)
            {
                baseTotal += weights[i];
                baseQTotal += qweights[i];
            }

            queryKeys.Add(u.Key);
            foreach (var a in u.Alternatives)
            {
                queryKeys.Add(a);
            }
        }

        // The words as written (stems of the content words, no synonym groups), for the exact-wording overlap.
        var queryStems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in query.Units)
        {
            if (u.IsConcept)
            {
                queryStems.UnionWith(u.Alternatives);
            }
            else
            {
                queryStems.Add(u.Key);
            }
        }

        var stemTotal = 0.0;
        foreach (var st in queryStems)
        {
            stemTotal += _questionIdf.GetValueOrDefault(st, _unseenIdf);
        }

        var topBm25 = hits.Max(h => h.Score);
        var scored = new List<ScoredFact>(hits.Count);
        foreach (var hit in hits)
        {
            if (!_profiles.TryGetValue(hit.FactId, out var profile))
            {
                continue;
            }

            var matched = 0.0;
            var total = baseTotal;
            for (var i = 0; i < weights.Length; i++)
            {
                if (Matches(query.Units[i], profile.Units))
                {
                    matched += weights[i];
                    total += query.Units[i].Optional ? weights[i] : 0;
                }
            }

            var bestQuestion = 0.0;
            for (var qi = 0; qi < profile.QuestionUnits.Length; qi++)
            {
                var q = profile.QuestionUnits[qi];
                var inQuestion = query.Form is not null && q.Contains(query.Form) ? _formWeight : 0.0;
                var qtotal = baseQTotal;
                for (var i = 0; i < weights.Length; i++)
                {
                    if (Matches(query.Units[i], q))
                    {
                        inQuestion += qweights[i];
                        qtotal += query.Units[i].Optional ? qweights[i] : 0;
                    }
                }

                // The question's own words the message lacks: its total weight minus what the message shares.
                var extra = profile.QuestionWeights[qi];
                foreach (var k in queryKeys)
                {
                    if (q.Contains(k) && !k.StartsWith("qf-", StringComparison.Ordinal))
                    {
                        extra -= _questionIdf.GetValueOrDefault(k, _unseenIdf);
                    }
                }

                var jaccard = qtotal + extra > 0 ? inQuestion / (qtotal + extra) : 0;

                // Exact wording: the same overlap on the stems as written, so "What is Myobloc?" is not as good a
                // match for "what does botulinum toxin do" as a question that names botulinum toxin.
                var stems = profile.QuestionStems[qi];
                var stemIn = 0.0;
                foreach (var st in queryStems)
                {
                    if (stems.Contains(st))
                    {
                        stemIn += _questionIdf.GetValueOrDefault(st, _unseenIdf);
                    }
                }

                var stemExtra = profile.StemWeights[qi] - stemIn;
                var stemJaccard = stemTotal + stemExtra > 0 ? stemIn / (stemTotal + stemExtra) : 0;
                bestQuestion = Math.Max(bestQuestion, ((1 - _exactWordingShare) * jaccard) + (_exactWordingShare * stemJaccard));
            }

            var coverage = total > 0 ? matched / total : 0;
            var bm25 = topBm25 > 0 ? hit.Score / topBm25 : 0;
            var score = ((_options.Bm25Weight * bm25) + (_options.CoverageWeight * coverage) + (_options.QuestionWeight * bestQuestion))
                / (_options.Bm25Weight + _options.CoverageWeight + _options.QuestionWeight);
            if (similarities is null)
            {
                scored.Add(new ScoredFact(profile.Fact, Math.Round(score, 6), coverage, matched, hit.Score, bestQuestion) { Lexical = score });
            }
            else
            {
                var similarity = similarities.GetValueOrDefault(hit.FactId);
                var fused = ((1 - _options.SemanticWeight) * score) + (_options.SemanticWeight * Math.Max(0, similarity));
                if (!meaningVetoes)
                {
                    fused = Math.Max(fused, score);
                }

                scored.Add(new ScoredFact(profile.Fact, Math.Round(fused, 6), coverage, matched, hit.Score, bestQuestion) { Lexical = score, Semantic = similarity, MeaningVetoes = meaningVetoes });
            }
        }

        // Stable sort: ties keep the index's order (BM25, then fact id).
        return scored.OrderByDescending(s => s.Score).ToArray();
    }

    /// <summary>
    /// Leaves out of the index search the terms most facts contain ("hemifacial spasm" is in nearly all):
    /// BM25 gives them almost no weight anyway, and they make the search visit every fact. When every
    /// term is that common, all are kept.
    /// </summary>
    private IReadOnlyList<string> SelectiveTerms(IReadOnlyList<string> terms)
    {
        var selective = terms.Where(t => _idf.GetValueOrDefault(t, _maxIdf) >= _commonIdf).ToArray();
        return selective.Length > 0 ? selective : terms;
    }

    private double Weight(QueryUnit u, FrozenDictionary<string, double> idf, double unseen)
    {
        if (idf.TryGetValue(u.Key, out var w))
        {
            return w;
        }

        var best = -1.0;
        foreach (var a in u.Alternatives)
        {
            if (idf.TryGetValue(a, out var aw))
            {
                best = Math.Max(best, aw);
            }
        }

        if (best >= 0)
        {
            return best;
        }

        // Not in this table: a word some fact contains elsewhere weighs like a rare word; an unknown word less.
        return ReferenceEquals(idf, _questionIdf) && (_idf.ContainsKey(u.Key) || u.Alternatives.Any(_idf.ContainsKey)) ? _maxIdf : unseen;
    }

    private static bool Matches(QueryUnit u, FrozenSet<string> units)
    {
        if (units.Contains(u.Key))
        {
            return true;
        }

        foreach (var a in u.Alternatives)
        {
            if (units.Contains(a))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The questions a message asks: sentences that end with "?" or open like a question, split again at
    /// "... and how/what/why ...". A message without any is one question.
    /// </summary>
    public static IReadOnlyList<string> QuestionSegments(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var sentences = Sentences(normalizedText)
            .SelectMany(Clauses)
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .ToList();
        var questions = sentences.Where(s => s.EndsWith('?') || QuestionStart().IsMatch(s)).ToList();
        return questions.Count > 0 ? questions : [normalizedText];
    }

    /// <summary>Every pattern applied to user text (security review F3: all on the linear-time engine).</summary>
    public static IReadOnlyList<Regex> Patterns => [SentenceEnd(), ClauseJoin(), QuestionStart()];

    /// <summary>Sentences: cut after ?, !, . or ; followed by white space, and after a ? followed by anything.</summary>
    private static List<string> Sentences(string text)
    {
        var result = new List<string>();
        var start = 0;
        foreach (var m in SentenceEnd().EnumerateMatches(text))
        {
            // The match is the punctuation and the white space after it (none after a "?").
            result.Add(text[start..(m.Index + 1)]);
            start = m.Index + m.Length;
        }

        result.Add(text[start..]);
        return result;
    }

    /// <summary>Clauses: cut at ", and how/what/..." (the joining word is dropped, the question word kept).</summary>
    private static IEnumerable<string> Clauses(string sentence)
    {
        var start = 0;
        foreach (Match m in ClauseJoin().Matches(sentence))
        {
            var q = m.Groups["q"];
            yield return sentence[start..m.Index];
            start = q.Index;
        }

        yield return sentence[start..];
    }

    private const RegexOptions Linear = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    [GeneratedRegex(@"[?!.;]\s+|\?", Linear)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@",?\s+(?:and|also|plus|but|&)\s+(?:also\s+)?(?<q>(?:what|how|why|when|where|which|who|is|are|can|could|does|do|should|will|would)\b)", Linear | RegexOptions.ExplicitCapture)]
    private static partial Regex ClauseJoin();

    [GeneratedRegex(@"^(?:(?:and|so|but|also|ok|okay|then|hi|hello|hey)[\s,]+)*(?:what|what's|whats|how|why|when|where|which|who|whose|is|are|am|can|could|does|do|did|should|would|will|may|might|has|have|any|tell me|explain|describe)\b", Linear)]
    private static partial Regex QuestionStart();

    private sealed record Profile(Fact Fact, FrozenSet<string> Units, FrozenSet<string>[] QuestionUnits, FrozenSet<string>[] QuestionStems)
    {
        /// <summary>Per stored question: the summed question-level IDF of its units (question forms excluded).</summary>
        public double[] QuestionWeights { get; set; } = [];

        /// <summary>Per stored question: the summed question-level IDF of its stems.</summary>
        public double[] StemWeights { get; set; } = [];

        public static Profile Of(Fact fact, KnowledgeAnalyzer analyzer)
        {
            // Whole-fact units keep both the words and their concepts (lenient coverage); a question's units
            // mirror the query analysis (a concept replaces the words it covers) for the Jaccard overlap.
            var questionUnits = fact.Questions.Select(q =>
            {
                var normal = TextNormalizer.Normalize(q, TextNormalizer.HardLimit).Text;
                var units = UnitsOf(analyzer.Analyze(normal), collapse: true);
                if (QuestionForms.Of(normal) is { } form)
                {
                    units.Add(form);
                }

                return units;
            }).ToArray();
            var all = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in fact.Questions.Append(fact.Answer).Append(TopicWords(fact.Topic)))
            {
                all.UnionWith(UnitsOf(analyzer.Analyze(TextNormalizer.Normalize(text, TextNormalizer.HardLimit).Text), collapse: false));
            }

            var questionStems = fact.Questions
                .Select(q => analyzer.Analyze(TextNormalizer.Normalize(q, TextNormalizer.HardLimit).Text)
                    .Where(t => !t.IsGroup).Select(t => t.Term).ToFrozenSet(StringComparer.Ordinal))
                .ToArray();
            return new Profile(fact, all.ToFrozenSet(StringComparer.Ordinal), questionUnits.Select(q => q.ToFrozenSet(StringComparer.Ordinal)).ToArray(), questionStems);
        }

        private static HashSet<string> UnitsOf(List<AnalyzedTerm> terms, bool collapse)
        {
            var units = new HashSet<string>(StringComparer.Ordinal);
            var spans = new List<(int Start, int End)>();
            foreach (var t in terms.Where(t => t.IsGroup))
            {
                units.Add(t.Term);
                spans.Add((t.Position, t.Position + t.Span));
            }

            foreach (var t in terms.Where(t => !t.IsGroup))
            {
                if (!collapse || !spans.Exists(s => t.Position >= s.Start && t.Position < s.End))
                {
                    units.Add(t.Term);
                }
            }

            return units;
        }
    }
}
