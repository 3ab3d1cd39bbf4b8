using System.Globalization;

namespace Bot.Answers.Index;

/// <summary>
/// Query-time boosts of <see cref="LuceneKnowledgeIndex"/> (higher: a match there counts more). Words and
/// synonym-group tokens share the question and answer fields; a group token gets its own boost, since it
/// matches many wordings.
/// </summary>
public sealed record FieldBoosts(
    double Questions = 4.0,
    double Answer = 1.0,
    double Topic = 1.5,
    double QuestionGroups = 3.0,
    double AnswerGroups = 0.75)
{
    internal bool IsValid => new[] { Questions, Answer, Topic, QuestionGroups, AnswerGroups }.All(w => w is >= 0 and <= 100 && double.IsFinite(w));

    public override string ToString() => string.Join(", ",
        new[] { Questions, Answer, Topic, QuestionGroups, AnswerGroups }.Select(w => w.ToString("0.0###", CultureInfo.InvariantCulture)));
}
