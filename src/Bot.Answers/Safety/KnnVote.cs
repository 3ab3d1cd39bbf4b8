namespace Bot.Answers.Safety;

/// <summary>
/// The decision rule of the example bank, shared by <see cref="SemanticTriage"/> (one message) and
/// <see cref="TriageCalibration"/> (every message of a cross-validation fold), so the figures the
/// calibration prints are those of the code that runs. The k nearest examples vote with their similarity;
/// the situations of the leading tier (those the message's context allows) together must lead the "none" vote
/// by <see cref="TriageOptions.Margin"/>, and the tier's nearest example must be at least as similar as the
/// tier's threshold (<see cref="TriageOptions.MinSimilarityFor(Urgency, string)"/>); the situation of the tier's nearest example
/// is then named. Stateless.
/// </summary>
internal static class KnnVote
{
    /// <summary>The label named by the neighbours, or -1.</summary>
    /// <param name="labels">Labels of the neighbours, nearest first (label <paramref name="noneLabel"/> is "none").</param>
    /// <param name="similarities">Their cosine similarities, in the same order.</param>
    /// <param name="situations">The situation of each label (null for "none").</param>
    /// <param name="noneLabel">The "none" label.</param>
    /// <param name="options">k, thresholds and margin.</param>
    /// <param name="allowed">Whether a situation may be named for this message.</param>
    /// <param name="language">The message's voting language (another language than English raises the thresholds).</param>
    /// <param name="similarity">The similarity of the named label's nearest example.</param>
    /// <param name="nearest">The position (in <paramref name="labels"/>) of that example.</param>
    public static int Decide(ReadOnlySpan<int> labels, ReadOnlySpan<double> similarities, IReadOnlyList<Situation?> situations,
        int noneLabel, TriageOptions options, Func<Situation, bool> allowed, string language, out double similarity, out int nearest)
    {
        similarity = 0;
        nearest = -1;
        var k = Math.Min(options.Neighbours, labels.Length);
        Span<double> votes = stackalloc double[situations.Count];
        votes.Clear();
        for (var j = 0; j < k; j++)
        {
            votes[labels[j]] += Math.Max(0, similarities[j]);
        }

        // The tier with the largest vote faces "none" (a neighbourhood split between seizure and collapse is
        // still an emergency).
        Span<double> tiers = stackalloc double[5];
        tiers.Clear();
        for (var l = 0; l < votes.Length; l++)
        {
            if (l != noneLabel && situations[l] is { } s && allowed(s))
            {
                tiers[s.TierRank] += votes[l];
            }
        }

        var tier = -1;
        for (var t = 0; t < tiers.Length; t++)
        {
            if (tiers[t] > 0 && (tier < 0 || tiers[t] > tiers[tier]))
            {
                tier = t;
            }
        }

        // Within the tier, the situation of the nearest example is named (an exact paraphrase of a seizure is not
        // outvoted by two looser collapse examples); the tier's summed vote still decides against "none".
        var best = -1;
        for (var j = 0; j < k; j++)
        {
            if (labels[j] != noneLabel && situations[labels[j]] is { } n && n.TierRank == tier && allowed(n))
            {
                best = labels[j];
                nearest = j;
                similarity = similarities[j];
                break;
            }
        }

        if (best < 0)
        {
            return -1;
        }

        var situation = situations[best]!;
        if (similarity < options.MinSimilarityFor(situation.Urgency, language) || tiers[tier] - votes[noneLabel] < options.Margin)
        {
            return -1;
        }

        return best;
    }
}
