using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;

namespace Bot.Answers.Text;

/// <summary>One term the analyzer produced.</summary>
/// <param name="Term">A word stem, or a synonym-group token (<see cref="IsGroup"/>).</param>
/// <param name="Position">Word position in the text (stop words keep their positions).</param>
/// <param name="Span">Positions covered: 1 for a word, the phrase's length for a group token.</param>
/// <param name="IsGroup">True for a synonym-group token.</param>
/// <param name="Corrected">True when the spelling step replaced the word as written.</param>
/// <param name="Start">Start offset of the word(s) in the analysed text.</param>
/// <param name="End">End offset of the word(s) in the analysed text.</param>
public readonly record struct AnalyzedTerm(string Term, int Position, int Span, bool IsGroup, bool Corrected, int Start, int End);

/// <summary>Corrects a misspelt word to a word of the index (see <see cref="Index.IndexSpeller"/>).</summary>
public interface ISpeller
{
    /// <summary>The correction of a lower-case word, or null to keep it as written.</summary>
    string? Correct(string word);

    /// <summary>Whether a lower-case word is one of the index's words as written.</summary>
    bool IsKnown(string word);
}

/// <summary>
/// The one text-analysis chain of the answer engine, used for the index and for every query, built only
/// from Lucene's own parts: the standard (UAX #29) tokenizer; lower case; ASCII folding; English
/// possessives dropped; a spelling step over the index's own words (queries only: at index time every
/// word is known, so the step never changes anything); the synonym groups (<see cref="SynonymGroups"/>)
/// through Lucene's synonym filter; English stop words (Lucene's Snowball list plus the chat filler in
/// <c>chat-filler.txt</c>); one-letter fragments dropped; Snowball English stemming (group tokens exempt).
/// The <see cref="WordsField"/> field stops after the first four steps: it holds the words as written, the
/// spelling vocabulary. Thread-safe (Lucene keeps one chain per thread).
/// </summary>
public sealed class KnowledgeAnalyzer : Analyzer
{
    /// <summary>The field of surface words (no synonyms, no stop words, no stemming).</summary>
    public const string WordsField = "words";

    /// <summary>Tokens longer than this are cut (nonsense strings must not cost much).</summary>
    public const int MaxTokenLength = 40;

    /// <summary>The token type the spelling step gives a word it corrected.</summary>
    public const string CorrectedType = "<CORRECTED>";

    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly Lazy<CharArraySet> Stop = new(LoadStopWords);
    private readonly SynonymGroups _groups;
    private readonly CharArraySet _groupTokens;
    private readonly ISpeller? _speller;

    public KnowledgeAnalyzer(SynonymGroups groups, ISpeller? speller = null)
        : base(PER_FIELD_REUSE_STRATEGY)
    {
        _groups = groups ?? throw new ArgumentNullException(nameof(groups));
        _groupTokens = new CharArraySet(Version, groups.Tokens.ToArray(), ignoreCase: false);
        _speller = speller;
    }

    public SynonymGroups Groups => _groups;

    /// <summary>Lucene's English (Snowball) stop words plus the chat filler; never "corrected" as typos.</summary>
    public static CharArraySet StopWords => Stop.Value;

    /// <summary>The same chain with a spelling step (for queries).</summary>
    public KnowledgeAnalyzer WithSpeller(ISpeller speller) => new(_groups, speller ?? throw new ArgumentNullException(nameof(speller)));

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader) { MaxTokenLength = MaxTokenLength };
        TokenStream stream = new LowerCaseFilter(Version, source);
        stream = new ASCIIFoldingFilter(stream);
        stream = new EnglishPossessiveFilter(Version, stream);
        if (string.Equals(fieldName, WordsField, StringComparison.Ordinal))
        {
            return new TokenStreamComponents(source, stream);
        }

        if (_speller is not null)
        {
            stream = new SpellingFilter(stream, _speller);
        }

        stream = new SynonymFilter(stream, _groups.Map, ignoreCase: false);
        stream = new StopFilter(Version, stream, StopWords);
        stream = new LengthFilter(Version, stream, 2, int.MaxValue);
        stream = new SetKeywordMarkerFilter(stream, _groupTokens);
        stream = new SnowballFilter(stream, new EnglishStemmer());
        return new TokenStreamComponents(source, stream);
    }

    /// <summary>Analyses (normalised) text for searching or scoring: stems and group tokens, in order.</summary>
    public List<AnalyzedTerm> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<AnalyzedTerm>();
        using var stream = GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var length = stream.AddAttribute<IPositionLengthAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            var value = term.ToString();
            var isGroup = _groups.GroupOf(value) >= 0;
            result.Add(new AnalyzedTerm(value, position, isGroup ? length.PositionLength : 1, isGroup,
                string.Equals(type.Type, CorrectedType, StringComparison.Ordinal), offset.StartOffset, offset.EndOffset));
        }

        stream.End();
        return result;
    }

    /// <summary>The words of a text as written (normalised, tokenised, lower case, folded, possessives dropped).</summary>
    public static string[] SurfaceWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normal = TextNormalizer.Normalize(text, TextNormalizer.HardLimit).Text;
        using var source = new StandardTokenizer(Version, new StringReader(normal)) { MaxTokenLength = MaxTokenLength };
        using var stream = new EnglishPossessiveFilter(Version, new ASCIIFoldingFilter(new LowerCaseFilter(Version, source)));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var words = new List<string>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            words.Add(term.ToString());
        }

        stream.End();
        return words.ToArray();
    }

    private static CharArraySet LoadStopWords()
    {
        var snowball = WordlistLoader.GetSnowballWordSet(
            IOUtils.GetDecodingReader(typeof(SnowballFilter), "english_stop.txt", Encoding.UTF8), Version);
        using var filler = typeof(KnowledgeAnalyzer).Assembly.GetManifestResourceStream("Bot.Answers.Text.chat-filler.txt")
            ?? throw new InvalidOperationException("The chat-filler.txt resource is missing from Bot.Answers.");
        var set = WordlistLoader.GetWordSet(new StreamReader(filler, Encoding.UTF8), "#", Version);
        set.UnionWith(snowball);
        return set.AsReadOnly();
    }

    /// <summary>Replaces a word the speller corrects; marks it with <see cref="CorrectedType"/>.</summary>
    private sealed class SpellingFilter : TokenFilter
    {
        private readonly ISpeller _speller;
        private readonly ICharTermAttribute _term;
        private readonly ITypeAttribute _type;

        public SpellingFilter(TokenStream input, ISpeller speller)
            : base(input)
        {
            _speller = speller;
            _term = AddAttribute<ICharTermAttribute>();
            _type = AddAttribute<ITypeAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
            {
                return false;
            }

            if (_term.Length >= 4 && !StopWords.Contains(_term.Buffer, 0, _term.Length))
            {
                var correction = _speller.Correct(_term.ToString());
                if (correction is not null)
                {
                    _term.SetEmpty().Append(correction);
                    _type.Type = CorrectedType;
                }
            }

            return true;
        }
    }
}
