using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Bot.Answers.Composition;
using Bot.Answers.Index;
using Bot.Answers.Query;
using Bot.Answers.Retrieval;
using Bot.Answers.Safety;
using Bot.Answers.Semantic;
using Bot.Answers.Text;
using Bot.Knowledge;
using Bot.Knowledge.Model;

namespace Bot.Answers;

/// <summary>
/// Turns a message into an <see cref="Answer"/>, in the order of design.md §5: normalise; emergency screen;
/// refusals; small talk (only when nothing medical matches); retrieval with a calibrated threshold ("did
/// you mean" on close scores, an honest fallback with suggestions below it, out of scope when the message
/// is not about the subject); composition with numbered citations, neurologist advice, the disclaimer on
/// a conversation's first answer, and follow-ups. One instance serves every request: it holds only
/// immutable data and a pool of index connections, so concurrent calls never wait on a global lock.
/// </summary>
public sealed class AnswerEngine : IAnswerEngine, IDisposable
{
    /// <summary>Text keys the engine uses beyond <see cref="TextKeys"/>; optional, with built-in defaults.</summary>
    public static class OptionalTextKeys
    {
        public const string DidYouMean = "did_you_mean";
        public const string Truncated = "truncated";
        public const string AdviceEmergency = "advice_emergency";
    }

    private static readonly FrozenDictionary<string, string> OptionalDefaults = new Dictionary<string, string>
    {
        [OptionalTextKeys.DidYouMean] = "I'm not sure which of these you mean. Did you mean:",
        [OptionalTextKeys.Truncated] = "Your message was long, so I answered only its first part.",
        [OptionalTextKeys.AdviceEmergency] = "After emergency care, a neurologist can follow up with you.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The topic a conversation keeps after a fact about the condition as a whole.</summary>
    private const string ConditionTopic = "hemifacial spasm";

    private readonly KnowledgeBase _knowledge;
    private readonly AnswerEngineOptions _options;
    private readonly IKnowledgeIndex _index;
    private readonly bool _ownsIndex;
    private readonly KnowledgeAnalyzer _indexAnalyzer;
    private readonly KnowledgeAnalyzer _queryAnalyzer;
    private readonly SafetyScreen _safety;
    private readonly WordSplitter _splitter;
    private readonly Triage _triage;
    private readonly FactRetriever _retriever;
    private readonly AnswerComposer _composer;
    private readonly FrozenDictionary<string, Fact> _facts;
    private readonly FrozenSet<int> _surgicalConcepts;
    private readonly IReadOnlyList<SuggestedQuestion> _defaultSuggestions;

    /// <summary>Builds the engine and its in-memory index from the knowledge.</summary>
    public AnswerEngine(KnowledgeBase knowledge, AnswerEngineOptions? options = null)
        : this(knowledge, options, index: null)
    {
    }

    /// <summary>Builds the engine over a given index (e.g. one loaded from a file); the caller keeps ownership of it.</summary>
    public AnswerEngine(KnowledgeBase knowledge, AnswerEngineOptions? options, IKnowledgeIndex? index)
        : this(knowledge, options, index, encoder: null)
    {
    }

    /// <summary>
    /// Builds the engine with the semantic layer's encoder (<see cref="TextEncoders.Create(SemanticOptions, bool)"/>; null for the
    /// lexical-only engine). The caller keeps ownership of the index and the encoder, which may be shared.
    /// </summary>
    public AnswerEngine(KnowledgeBase knowledge, AnswerEngineOptions? options, IKnowledgeIndex? index, ITextEncoder? encoder)
        : this(knowledge, options, index, encoder, safety: null)
    {
    }

    /// <summary>
    /// Builds the engine with the triage data of knowledge/safety (<paramref name="safety"/>; null: loaded
    /// from the knowledge folder <see cref="KnowledgeLocator.FindRoot"/> finds) and, when
    /// <paramref name="encoder"/> is given, the semantic layer (the example bank, and the message embedding
    /// shared with retrieval through <see cref="TurnAnalysis"/>). Without an encoder the precise rules work alone.
    /// </summary>
    public AnswerEngine(KnowledgeBase knowledge, AnswerEngineOptions? options, IKnowledgeIndex? index, ITextEncoder? encoder, SafetyKnowledge? safety)
        : this(knowledge, options, index, encoder, safety, ownsIndex: index is null)
    {
    }

    private AnswerEngine(KnowledgeBase knowledge, AnswerEngineOptions? options, IKnowledgeIndex? index, ITextEncoder? encoder, SafetyKnowledge? safety, bool ownsIndex)
    {
        Encoder = encoder;
        _knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        _options = options ?? new AnswerEngineOptions();
        _options.Validate();
        var missing = typeof(TextKeys).GetFields()
            .Select(f => (string)f.GetValue(null)!)
            .Where(k => !knowledge.Texts.ContainsKey(k))
            .ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException($"knowledge/safety/texts.yaml lacks required keys: {string.Join(", ", missing)}.", nameof(knowledge));
        }

        var groups = new SynonymGroups(knowledge.Synonyms);
        _indexAnalyzer = new KnowledgeAnalyzer(groups);
        if (index is null)
        {
            _index = BuildIndex(knowledge, _indexAnalyzer, _options.FieldBoosts);
        }
        else
        {
            _index = index;
        }

        _ownsIndex = ownsIndex;

        _queryAnalyzer = _indexAnalyzer.WithSpeller(_index.Speller);
        // The subject's own words: synonym terms of one word ("hemifacial", "spasm", "botox"), not the words
        // of phrases ("same thing", "after surgery"), which are everyday words.
        var subjectWords = knowledge.Synonyms.SelectMany(g => g.Terms.Prepend(g.Canonical))
            .Select(KnowledgeAnalyzer.SurfaceWords)
            .Where(w => w.Length == 1 && w[0].Length >= 4)
            .Select(w => w[0])
            .ToFrozenSet(StringComparer.Ordinal);
        _splitter = new WordSplitter(_index.Speller, subjectWords.Contains);
        Analyzer = new QueryAnalyzer(_queryAnalyzer);

        _safety = new SafetyScreen(knowledge.Refusals);
        _triage = new Triage(knowledge, safety ?? SafetyKnowledge.Load(KnowledgeLocator.FindRoot(), knowledge), encoder, _options.Triage);
        var searched = _options.SearchCacheSize > 0 ? new CachedKnowledgeIndex(_index, _options.SearchCacheSize) : _index;
        // The semantic layer: every phrasing and claim embedded once (read from the vector cache when the
        // knowledge and model are unchanged); retrieval then fuses the turn's embedding with the words.
        // Retrieval reads the vectors only when Answers:Semantic:Enabled is on: the encoder may be there for
        // the triage's example bank alone (Answers:Triage:UseExampleBank).
        Semantic = encoder is null || !_options.Semantic.Enabled ? null : SemanticIndex.Build(knowledge, encoder, _options.Semantic.CacheDirectory);
        _retriever = new FactRetriever(knowledge, searched, Analyzer, _options, Semantic);
        _composer = new AnswerComposer(knowledge.References);
        _facts = knowledge.Facts.ToFrozenDictionary(f => f.Id, StringComparer.Ordinal);
        _surgicalConcepts = new[] { "microvascular decompression", "surgery", "radiosurgery" }
            .Select(Analyzer.Concepts.IndexOf)
            .Where(i => i >= 0)
            .ToFrozenSet();
        _defaultSuggestions = DefaultSuggestions(knowledge, _options.MaxSuggestions);
    }

    /// <summary>The engine over an index directory written by the command line's <c>index</c>; the engine owns the loaded index.</summary>
    /// <exception cref="FileNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidDataException">It holds no index, or one built from other knowledge.</exception>
    public static AnswerEngine WithIndexDirectory(KnowledgeBase knowledge, AnswerEngineOptions? options, string path, ITextEncoder? encoder = null, SafetyKnowledge? safety = null)
    {
        var index = LoadIndex(path, knowledge, options?.FieldBoosts);
        try
        {
            return new AnswerEngine(knowledge, options, index, encoder, safety, ownsIndex: true);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public QueryAnalyzer Analyzer { get; }

    /// <summary>The semantic layer's encoder, or null when the engine is lexical only.</summary>
    public ITextEncoder? Encoder { get; }

    public FactRetriever Retriever => _retriever;

    /// <summary>The vectors of every phrasing and claim, or null when the engine is lexical only.</summary>
    public SemanticIndex? Semantic { get; }

    public SafetyScreen Safety => _safety;

    /// <summary>Safety triage (situations, tiers, languages).</summary>
    public Triage Triage => _triage;

    public AnswerEngineOptions Options => _options;

    /// <summary>Builds the Lucene index for the knowledge (what the engine does at start-up).</summary>
    public static LuceneKnowledgeIndex BuildIndex(KnowledgeBase knowledge, FieldBoosts? boosts = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        using var analyzer = new KnowledgeAnalyzer(new SynonymGroups(knowledge.Synonyms));
        return BuildIndex(knowledge, analyzer, boosts ?? new FieldBoosts());
    }

    private static LuceneKnowledgeIndex BuildIndex(KnowledgeBase knowledge, KnowledgeAnalyzer analyzer, FieldBoosts boosts) =>
        LuceneKnowledgeIndex.Build(FactRetriever.Documents(knowledge), analyzer, boosts,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["knowledge"] = Fingerprint(knowledge) });

    /// <summary>A hash of everything the index is built from; an index file records it so a stale file is detected.</summary>
    public static string Fingerprint(KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var sb = new StringBuilder();
        foreach (var f in knowledge.Facts.OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            sb.Append(f.Id).Append('\u0001').Append(f.Topic).Append('\u0001').AppendJoin('\u0002', f.Questions)
                .Append('\u0001').Append(f.Answer).Append('\u0003');
        }

        foreach (var g in knowledge.Synonyms)
        {
            sb.Append(g.Canonical).Append('\u0001').AppendJoin('\u0002', g.Terms).Append('\u0003');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Opens an index directory built by <c>bot index</c>, checking that it was built from this knowledge.</summary>
    /// <exception cref="FileNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidDataException">The directory holds no index, or one built from other knowledge.</exception>
    public static LuceneKnowledgeIndex LoadIndex(string path, KnowledgeBase knowledge, FieldBoosts? boosts = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var index = LuceneKnowledgeIndex.Load(path, new SynonymGroups(knowledge.Synonyms), boosts);
        if (!index.Metadata.TryGetValue("knowledge", out var stored) || stored != Fingerprint(knowledge))
        {
            index.Dispose();
            throw new InvalidDataException($"Index '{path}' was built from different knowledge; rebuild it with the index command.");
        }

        return index;
    }

    /// <summary>Diagnostics: the retrieval candidates for a message, best first (no safety screens applied).</summary>
    public IReadOnlyList<ScoredFact> Candidates(string message)
    {
        var normalized = Normalize(message);
        return _retriever.Retrieve(SmallTalk.Detect(normalized.Text).Remainder).Ranked;
    }

    /// <summary>True when a fact's own subjects (those of its first question) include one of the topic's.</summary>
    private bool SharesTopic(string factId, string topic)
    {
        var topicSubjects = _retriever.Subjects(topic).Subjects;
        return _retriever.FactSubjects(factId).Subjects.Any(topicSubjects.Contains);
    }

    public Answer Answer(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var message = Normalize(question.Text);
        var turn = Analyse(question.Text, message);

        // 1. Safety triage of the whole message: first and alone.
        var triage = _triage.Assess(turn);
        if (triage.Situation is not null)
        {
            return Emergency(triage, message);
        }

        if (message.IsEmpty)
        {
            return Finish(new Answer { Kind = AnswerKind.SmallTalk, Text = Text(TextKeys.Help), RuleId = "empty" }, question, message);
        }

        // Another language: the bot answers in English for now, and says so in the person's language; a greeting,
        // thanks or goodbye alone is answered in kind first.
        if (turn.Language != "en")
        {
            if (ForeignSmallTalk(turn.Language, message.Text) is { } foreign)
            {
                return foreign with { Disclaimer = question.IsFirstInConversation ? foreign.Disclaimer : null, Topic = question.Topic };
            }

            return OtherLanguage(turn.Language, question, message);
        }

        // 2. Refusals.
        var refusal = _safety.FindRefusal(message.Full);
        if (refusal is not null)
        {
            var related = _retriever.Retrieve(message.Text);
            if (_triage.Knowledge.RefusalFacts.TryGetValue(refusal.Id, out var factId) && _facts.TryGetValue(factId, out var named))
            {
                // An information question the topic answers with a cited fact (knowledge/safety/refusal-facts.yaml).
                var composed = _composer.Compose([named]);
                return Finish(new Answer
                {
                    Kind = AnswerKind.Fact, Text = composed.Text, Citations = composed.Citations, Claims = composed.Claims,
                    Advice = Text(TextKeys.AdviceNeurologist) + (named.IsSurgical ? " " + Text(TextKeys.AdviceNeurosurgeon) : ""),
                    FactIds = [named.Id], RuleId = refusal.Id, FollowUps = FollowUps([named], related.Ranked),
                }, question, message);
            }

            if (_triage.Knowledge.RefusalThenFactsByTopic.TryGetValue(refusal.Id, out var then)
                && _retriever.Retrieve(message.Text, turn.Embedding) is { Accepted.Count: > 0 } informed
                && then.Facts.Contains(informed.Accepted[0].Fact.Id))
            {
                // "is it a tic or hemifacial spasm?": declined as a diagnosis, then informed by the look-alike fact.
                var fact = informed.Accepted[0].Fact;
                var composed = _composer.Compose([fact]);
                return Finish(new Answer
                {
                    Kind = AnswerKind.Refusal, Text = Text(then.LeadTextKey) + "\n\n" + composed.Text,
                    Citations = composed.Citations, Claims = composed.Claims,
                    Advice = Text(TextKeys.AdviceNeurologist) + (fact.IsSurgical ? " " + Text(TextKeys.AdviceNeurosurgeon) : ""),
                    FactIds = [fact.Id], Score = informed.Accepted[0].Score, RuleId = refusal.Id,
                    FollowUps = FollowUps([fact], informed.Ranked),
                }, question, message);
            }

            return Finish(new Answer
            {
                Kind = AnswerKind.Refusal,
                Text = Text(refusal.TextKey),
                Advice = Text(TextKeys.AdviceNeurologist),
                RuleId = refusal.Id,
                FollowUps = Suggestions(related.Ranked, exclude: null),
            }, question, message);
        }

        // 3-5. Small talk never outranks a medical match: retrieve on what is left without the small talk.
        var smallTalk = SmallTalk.Detect(message.Text);
        if (smallTalk.Intent == SmallTalkIntent.Help)
        {
            return Finish(SmallTalkAnswer(smallTalk.Intent), question, message);
        }

        // Words too few for the language detector ("hasta luego", "a presto") that are another language's small talk.
        if (smallTalk.Intent == SmallTalkIntent.None && ForeignSmallTalk(turn.Language, message.Text) is { } foreignOnly)
        {
            return foreignOnly with { Disclaimer = question.IsFirstInConversation ? foreignOnly.Disclaimer : null, Topic = question.Topic };
        }

        // "thanks, that helped" is small talk whatever words follow; arithmetic and animals are out of scope.
        if ((smallTalk.Intent is SmallTalkIntent.Thanks or SmallTalkIntent.None && MessageShape.IsAcknowledgement(smallTalk.Remainder))
            || (smallTalk.Intent == SmallTalkIntent.Thanks && smallTalk.Remainder.Length == 0))
        {
            return Finish(SmallTalkAnswer(SmallTalkIntent.Thanks), question, message);
        }

        // "thanks, that explains a lot", "thanks for the tips": thanks with a short remark after it that asks nothing
        // and names nothing the knowledge knows is thanks, not a question about the conversation's topic.
        if (smallTalk.Intent == SmallTalkIntent.Thanks && MessageShape.IsRemark(smallTalk.Remainder)
            && _retriever.Subjects(smallTalk.Remainder) is { Subjects.Count: 0, NamesSubject: false })
        {
            return Finish(SmallTalkAnswer(SmallTalkIntent.Thanks), question, message);
        }

        // "bye", "good evening", "ok thanks": small talk and nothing else (or only an interjection beside it) is never
        // read against the conversation's topic.
        if (smallTalk.Intent != SmallTalkIntent.None
            && (MessageShape.WordCount(smallTalk.Remainder) == 0 || MessageShape.Social(smallTalk.Remainder) == SocialShape.Interjection))
        {
            return Finish(SmallTalkAnswer(smallTalk.Intent), question, message);
        }

        if (MessageShape.IsArithmetic(smallTalk.Remainder) || MessageShape.IsAboutAnimal(smallTalk.Remainder))
        {
            return Finish(OutOfScope(), question, message);
        }

        // "ok", "is anyone there?", "I'm a carer for my dad": conversation, answered with what the bot can do.
        if (smallTalk.Intent == SmallTalkIntent.None && MessageShape.Social(smallTalk.Remainder) is var social && social != SocialShape.None)
        {
            return Finish(SmallTalkAnswer(social == SocialShape.PresenceCheck ? SmallTalkIntent.Greeting : SmallTalkIntent.Help), question, message);
        }

        // A follow-up ("is that safe?", "and for children?") is read against the conversation's topic.
        var own = _retriever.Subjects(smallTalk.Remainder);
        var refersBack = MessageShape.RefersBack(smallTalk.Remainder);
        var useTopic = question.Topic is { Length: > 0 } && !own.NamesSubject
            && (refersBack || (own.Subjects.Count == 0 && MessageShape.WordCount(smallTalk.Remainder) <= MessageShape.ShortFollowUpWords));

        // A short message that neither refers back nor names anything the knowledge knows ("what's the capital
        // of France?") is read with the topic, but stays out of scope when nothing answers it.
        var topicMakesItInScope = useTopic && (refersBack || _retriever.KnownShare(smallTalk.Remainder) >= 0.5 || _retriever.MentionsDomain(smallTalk.Remainder));
        var text = useTopic ? smallTalk.Remainder + " " + question.Topic : smallTalk.Remainder;
        // The turn's one embedding is of the message itself; a follow-up read against the topic adds the
        // topic's words to the lexical search, and its own meaning still ranks the candidates.
        var retrieval = _retriever.Retrieve(text, turn.Embedding, followUp: useTopic);
        if (useTopic && retrieval.Accepted.Count > 0 && !retrieval.Accepted.Any(f => SharesTopic(f.Fact.Id, question.Topic!)))
        {
            // The follow-up's own words found only facts of other subjects ("how successful is it?" after the
            // operation finds the toxin's success): read it as one question with the topic's words inside, and
            // keep that when its best fact is on the topic and scores higher than what the words found alone.
            var inside = _retriever.Retrieve(MessageShape.WithTopic(smallTalk.Remainder, question.Topic!), turn.Embedding, followUp: true);
            if (inside.Accepted.Count > 0 && SharesTopic(inside.Accepted[0].Fact.Id, question.Topic!) && inside.Accepted[0].Score > retrieval.Accepted[0].Score)
            {
                retrieval = inside;
            }
        }

        if (retrieval.Accepted.Count == 0 && !useTopic && question.Topic is { Length: > 0 } && !own.NamesSubject
            && _retriever.KnownShare(smallTalk.Remainder) >= 0.75)
        {
            // A longer follow-up, or one naming a subject of its own, that finds nothing alone ("what warning
            // signs should I watch for?" after questions on the operation): read it with the topic as well,
            // when at least three in four of its words are words of the knowledge (so "can you write me a
            // python script?" or "who won the football last night?" stay out of scope).
            var withTopic = _retriever.Retrieve(smallTalk.Remainder + " " + question.Topic, turn.Embedding, followUp: true);
            if (withTopic.Accepted.Count > 0)
            {
                retrieval = withTopic;
                useTopic = true;
            }
        }
        var topic = own.Subjects.Count > 0 ? string.Join(' ', own.Subjects) : own.NamesSubject ? null : useTopic ? question.Topic : null;
        if (retrieval.Accepted.Count > 0)
        {
            var answer = FactAnswer(retrieval, MessageShape.IsFullQuestion(smallTalk.Remainder));
            if (!useTopic && MessageShape.IsFragment(smallTalk.Remainder) && answer.Kind == AnswerKind.Fact)
            {
                // One word or two without a question: offer what it might mean instead of a confident fact.
                answer = DidYouMean(retrieval, answer.Advice) ?? answer;
            }

            topic ??= answer.Kind == AnswerKind.Fact ? _retriever.FactSubjects(answer.FactIds[0]) is { Subjects.Count: > 0 } fs ? string.Join(' ', fs.Subjects) : null : null;

            // A fact about the condition as a whole ("what is hemifacial spasm?") still sets a topic, so that
            // "and for children?" or "how fast?" after it is read as being about the condition.
            topic ??= answer.Kind == AnswerKind.Fact ? ConditionTopic : null;
            return Finish(answer with { Topic = topic }, question, message);
        }

        if (smallTalk.Intent != SmallTalkIntent.None)
        {
            return Finish(SmallTalkAnswer(smallTalk.Intent), question, message);
        }

        // A follow-up read against the conversation's topic is about the subject even without its words.
        if (useTopic ? !topicMakesItInScope : !retrieval.MentionsDomain)
        {
            return Finish(OutOfScope(), question, message);
        }

        return Finish(new Answer
        {
            Kind = AnswerKind.Fallback,
            Text = Text(TextKeys.Fallback),
            Advice = Text(TextKeys.AdviceNeurologist),
            Score = retrieval.Best?.Score ?? 0,
            RuleId = "below-threshold",
            FollowUps = Suggestions(retrieval.Ranked, exclude: null) is { Count: > 0 } s ? s : _defaultSuggestions,
            Topic = topic,
        }, question, message);
    }

    /// <summary>
    /// The message normalised, with chat spellings written out ("hw long", <see cref="ChatSpeak"/>) and words
    /// written together split into the index's words ("whatcauseshemifacialspasm", <see cref="WordSplitter"/>).
    /// </summary>
    private NormalizedMessage Normalize(string? raw)
    {
        var message = TextNormalizer.Normalize(raw, _options.MaxQuestionLength);
        var text = ChatSpeak.Expand(message.Text);
        var full = ReferenceEquals(message.Full, message.Text) ? text : ChatSpeak.Expand(message.Full);

        // Only an English message is split: a word of another language is unknown to the index, not run together.
        var splitText = _splitter.Split(text);
        var splitFull = ReferenceEquals(full, text) ? splitText : _splitter.Split(full);
        if ((!ReferenceEquals(splitText, text) || !ReferenceEquals(splitFull, full)) && _triage.Languages.Detect(full, raw) == "en")
        {
            text = splitText;
            full = splitFull;
        }

        return ReferenceEquals(text, message.Text) && ReferenceEquals(full, message.Full) ? message : message with { Text = text, Full = full };
    }

    private Answer OutOfScope() => new()
    {
        Kind = AnswerKind.OutOfScope,
        Text = Text(TextKeys.OutOfScope),
        Advice = Text(TextKeys.AdviceNeurologist),
        RuleId = "out-of-scope",
        FollowUps = _defaultSuggestions,
    };

    /// <summary>A "did you mean" with the confident candidates (up to three), or null when there are none.</summary>
    private Answer? DidYouMean(RetrievalResult retrieval, string advice)
    {
        var choices = retrieval.Ranked
            .Where(r => _retriever.IsConfident(r, retrieval.MentionsDomain))
            .Take(3)
            .Select(r => new SuggestedQuestion(r.Fact.Questions[0], r.Fact.Id))
            .ToArray();
        return choices.Length == 0 ? null : new Answer
        {
            Kind = AnswerKind.DidYouMean,
            Text = Text(OptionalTextKeys.DidYouMean),
            Advice = advice,
            Choices = choices,
            FactIds = choices.Select(c => c.FactId!).ToArray(),
            Score = retrieval.Ranked[0].Score,
            RuleId = "fragment",
        };
    }

    /// <summary>The analysis of this turn shared by triage and retrieval (language; the embedding, encoded at most once).</summary>
    public TurnAnalysis Analyse(string? raw, NormalizedMessage message) =>
        new(message, _triage.Languages.Detect(message.Full, raw), Encoder);

    /// <summary>
    /// A safety reply: the situation's own text in the reply's language (a crisis text after it when both were
    /// found; in another language, the "English for now" sentence last), its tier, and advice. No disclaimer
    /// ("not medical advice" must not soften "call now"), no sources or buttons: nothing that distracts.
    /// </summary>
    private Answer Emergency(TriageResult triage, NormalizedMessage message)
    {
        var situation = triage.Situation!;
        var text = situation.Text(triage.Locale, out var locale);
        if (triage.Crisis is { } crisis)
        {
            text += "\n\n" + crisis.Text(locale, out _);
        }

        var language = locale == "en" ? null : _triage.Knowledge.Languages.FirstOrDefault(l => l.Code == locale);
        if (language is not null)
        {
            text += "\n\n" + language.EnglishOnly;
        }

        return new Answer
        {
            Kind = AnswerKind.Emergency,
            Urgency = situation.Urgency,
            Text = text,
            Locale = locale,
            Advice = language?.Advice ?? Text(situation.Urgency == Urgency.CallEmergencyNow ? OptionalTextKeys.AdviceEmergency : TextKeys.AdviceNeurologist),
            RuleId = situation.Id,
            Truncated = message.Truncated,
        };
    }

    /// <summary>A message in another language with no safety situation: one sentence, in that language, that the bot answers in English for now.</summary>
    private Answer OtherLanguage(string code, Question question, NormalizedMessage message)
    {
        var language = _triage.Knowledge.Languages.FirstOrDefault(l => l.Code == code)
            ?? _triage.Knowledge.Languages.First(l => l.Code == "en");
        return new Answer
        {
            Kind = AnswerKind.OutOfScope,
            Text = language.EnglishOnly,
            Locale = language.Code,
            Advice = language.Advice ?? Text(TextKeys.AdviceNeurologist),
            Disclaimer = question.IsFirstInConversation ? language.Disclaimer ?? Text(TextKeys.Disclaimer) : null,
            RuleId = "other-language",
            FollowUps = _defaultSuggestions,
            Truncated = message.Truncated,
        };
    }

    /// <summary>A greeting, thanks or goodbye alone in another language (the detected one first, then any), answered in that language.</summary>
    private Answer? ForeignSmallTalk(string code, string normalizedText)
    {
        var languages = _triage.Knowledge.Languages;
        foreach (var language in languages.Where(l => l.Code == code).Concat(languages.Where(l => l.Code != code)))
        {
            if (LanguageSmallTalk.Match(language.SmallTalk, normalizedText) is { } found)
            {
                return new Answer
                {
                    Kind = AnswerKind.SmallTalk,
                    Text = found.Reply + " " + language.EnglishOnly,
                    Locale = language.Code,
                    Disclaimer = language.Disclaimer ?? Text(TextKeys.Disclaimer),
                    RuleId = "smalltalk-" + found.Intent.ToString().ToLowerInvariant() + "-" + language.Code,
                    FollowUps = found.Intent == SmallTalkIntent.Greeting ? _defaultSuggestions : [],
                };
            }
        }

        return null;
    }

    private Answer SmallTalkAnswer(SmallTalkIntent intent) => new()
    {
        Kind = AnswerKind.SmallTalk,
        Text = Text(SmallTalk.TextKey(intent)),
        RuleId = "smalltalk-" + intent.ToString().ToLowerInvariant(),
        FollowUps = intent is SmallTalkIntent.Greeting or SmallTalkIntent.Help or SmallTalkIntent.About ? _defaultSuggestions : [],
    };

    private Answer FactAnswer(RetrievalResult retrieval, bool fullQuestion)
    {
        var best = retrieval.Accepted[0];
        var surgical = retrieval.Accepted.Any(a => a.Fact.IsSurgical) || retrieval.Analysis.Concepts.Overlaps(_surgicalConcepts);
        var advice = Text(TextKeys.AdviceNeurologist) + (surgical ? " " + Text(TextKeys.AdviceNeurosurgeon) : "");

        // A short message that asks one thing, and the runner-up is about as good while the best does not
        // clearly cover it (or the two are exactly tied): ask which one was meant. A full question gets the
        // best answer (the runner-up is among its follow-ups).
        if (!fullQuestion && retrieval.Accepted.Count == 1 && retrieval.Ranked.Count > 1 && ReferenceEquals(retrieval.Ranked[0], best)
            && best.Score - retrieval.Ranked[1].Score is var gap
            && gap <= _options.DidYouMeanMargin
            && (best.Coverage < _options.SureCoverage || gap <= 1e-9))
        {
            var choices = retrieval.Ranked
                .Where(r => best.Score - r.Score <= _options.DidYouMeanMargin * 2 && _retriever.IsConfident(r))
                .Take(3)
                .Select(r => new SuggestedQuestion(r.Fact.Questions[0], r.Fact.Id))
                .ToArray();
            if (choices.Length > 1)
            {
                return new Answer
                {
                    Kind = AnswerKind.DidYouMean,
                    Text = Text(OptionalTextKeys.DidYouMean),
                    Advice = advice,
                    Choices = choices,
                    FactIds = choices.Select(c => c.FactId!).ToArray(),
                    Score = best.Score,
                    RuleId = "did-you-mean",
                };
            }
        }

        var facts = retrieval.Accepted.Select(a => a.Fact).ToArray();
        var composed = _composer.Compose(facts);
        return new Answer
        {
            Kind = AnswerKind.Fact,
            Text = composed.Text,
            Citations = composed.Citations,
            Claims = composed.Claims,
            Advice = advice,
            FactIds = facts.Select(f => f.Id).ToArray(),
            Score = best.Score,
            FollowUps = FollowUps(facts, retrieval.Ranked),
        };
    }

    private IReadOnlyList<SuggestedQuestion> FollowUps(IReadOnlyList<Fact> shown, IReadOnlyList<ScoredFact> ranked)
    {
        var shownIds = shown.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var result = new List<SuggestedQuestion>();
        foreach (var id in shown.SelectMany(f => f.Related))
        {
            if (result.Count >= _options.MaxSuggestions)
            {
                break;
            }

            if (_facts.TryGetValue(id, out var related) && shownIds.Add(id))
            {
                result.Add(new SuggestedQuestion(related.Questions[0], related.Id));
            }
        }

        foreach (var r in ranked)
        {
            if (result.Count >= _options.MaxSuggestions)
            {
                break;
            }

            if (shownIds.Add(r.Fact.Id))
            {
                result.Add(new SuggestedQuestion(r.Fact.Questions[0], r.Fact.Id));
            }
        }

        return result;
    }

    private IReadOnlyList<SuggestedQuestion> Suggestions(IReadOnlyList<ScoredFact> ranked, ISet<string>? exclude) =>
        ranked.Where(r => r.Evidence > 0 && (exclude is null || !exclude.Contains(r.Fact.Id)))
            .Take(_options.MaxSuggestions)
            .Select(r => new SuggestedQuestion(r.Fact.Questions[0], r.Fact.Id))
            .ToArray();

    /// <summary>The facts most often named as related by other facts: the knowledge's own "start here" list.</summary>
    private static SuggestedQuestion[] DefaultSuggestions(KnowledgeBase knowledge, int count)
    {
        var byId = knowledge.Facts.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var order = knowledge.Facts.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        return knowledge.Facts
            .SelectMany(f => f.Related)
            .Where(byId.ContainsKey)
            .GroupBy(id => id, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => order[g.Key])
            .Select(g => byId[g.Key])
            .Concat(knowledge.Facts)
            .DistinctBy(f => f.Id, StringComparer.Ordinal)
            .Take(count)
            .Select(f => new SuggestedQuestion(f.Questions[0], f.Id))
            .ToArray();
    }

    private Answer Finish(Answer answer, Question question, NormalizedMessage message) => answer with
    {
        Disclaimer = question.IsFirstInConversation ? Text(TextKeys.Disclaimer) : null,

        // Retrieval sets the topic (a new subject resets it); small talk, refusals and the like keep it.
        Topic = answer.Kind is AnswerKind.Fact or AnswerKind.DidYouMean or AnswerKind.Fallback or AnswerKind.OutOfScope ? answer.Topic : question.Topic,
        Truncated = message.Truncated,
    };

    /// <summary>A fixed text by key (required keys are checked at construction; optional ones have defaults).</summary>
    public string Text(string key) =>
        _knowledge.Texts.TryGetValue(key, out var text) ? text.Trim()
        : OptionalDefaults.TryGetValue(key, out var fallback) ? fallback
        : throw new KeyNotFoundException($"No text '{key}' in knowledge/safety/texts.yaml.");

    public void Dispose()
    {
        if (_ownsIndex)
        {
            _index.Dispose();
        }

        _queryAnalyzer.Dispose();
        _indexAnalyzer.Dispose();
    }
}
