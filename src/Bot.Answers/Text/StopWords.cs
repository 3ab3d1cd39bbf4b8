using System.Collections.Frozen;

namespace Bot.Answers.Text;

/// <summary>
/// Words that carry no topic: function words, question words, and chat filler ("please", "wondering").
/// They are dropped from queries (never from the safety screens, which read the whole message) and are
/// never "corrected" as typos. Synonym phrases are matched before stop words are dropped, so a phrase
/// such as "go away" or "how often" still counts.
/// </summary>
public static class StopWords
{
    private static readonly FrozenSet<string> Words = new[]
    {
        "a", "about", "above", "actually", "after", "again", "against", "ago", "all", "almost", "also", "although",
        "always", "am", "an", "and", "any", "anybody", "anyone", "anything", "anyway", "are", "aren", "around", "as",
        "ask", "asked", "asking", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "cannot", "cant", "could", "couldn", "d", "dear", "did", "didn", "do", "does", "doesn", "doing",
        "don", "done", "down", "during", "each", "either", "else", "etc", "even", "ever", "every", "everyone",
        "exactly", "explain", "few", "for", "from", "further", "get", "gets", "getting", "give", "go", "goes", "going",
        "gonna", "got", "gotten", "guess", "had", "hadn", "has", "hasn", "have", "haven", "having", "he", "hello",
        "her", "here", "hers", "herself", "hey", "hi", "him", "himself", "his", "how", "however", "i", "if", "im",
        "in", "info", "information", "into", "is", "isn", "it", "its", "itself", "just", "kind", "kinda", "know",
        "let", "lets", "like", "ll", "lot", "lots", "m", "many", "may", "maybe", "me", "mean", "might", "mine",
        "more", "most", "much", "must", "my", "myself", "need", "needs", "no", "nor", "not", "now", "o", "of",
        "off", "ok", "okay", "on", "once", "one", "only", "or", "other", "others", "otherwise", "ought", "our",
        "ours", "ourselves", "out", "over", "own", "please", "pls", "plz", "possible", "possibly", "pretty",
        "probably", "quite", "rather", "re", "really", "s", "said", "same", "say", "says", "see", "seem", "seems",
        "shall", "she", "should", "shouldn", "so", "some", "somebody", "someone", "something", "sometimes",
        "somewhat", "sort", "still", "such", "sure", "t", "tell", "than", "that", "thats", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "thing", "things", "think", "this",
        "those", "though", "through", "thus", "to", "too", "totally", "u", "under", "understand", "until", "up",
        "upon", "us", "ve", "very", "via", "want", "wanted", "wants", "was", "wasn", "way", "we",
        "well", "were", "weren", "what", "whats", "when", "where", "whether", "which", "while", "who", "whom",
        "whose", "will", "with", "within", "without", "won", "wonder", "wondering", "would", "wouldn", "y", "ya",
        "yeah", "yes", "yet", "you", "your", "yours", "yourself", "yourselves", "curious", "question",
        "questions", "answer", "anybody", "hmm", "um", "uh", "oh", "btw", "lol", "thanks", "thank", "hiya",
        "dont", "doesnt", "isnt", "arent", "wont", "didnt", "ive", "id", "youre", "whatever", "whenever",
        "wherever", "whoever", "someone's", "really", "basically", "literally", "generally", "usually", "typically",
        "normally", "happen", "happens", "happening", "happened", "go", "went", "come", "comes", "came",
        "make", "makes", "made", "take", "takes", "took", "thing", "stuff", "okay", "day", "days", "today", "lately", "recently", "bit", "little", "bad", "good", "great",
        "worried", "worry", "worrying", "scared", "afraid", "concerned", "hope", "hoping", "help",
        "helps", "find", "learn", "read", "heard", "told", "gp", "mention", "mentioned", "mentions", "available",
        "simple", "simply", "plain", "words", "people", "person", "persons", "folks", "guy", "guys", "currently",
        "already", "anymore", "condition", "conditions", "disorder", "disorders", "disease", "diseases",
        "blah", "bla", "yada", "erm", "er", "umm", "uhm", "ugh", "meh", "haha", "hahaha",
        "problem", "problems", "illness", "illnesses", "issue", "issues", "exist", "exists", "existing", "there's", "theres", "specific", "particular",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool Contains(string token) => Words.Contains(token);
}
