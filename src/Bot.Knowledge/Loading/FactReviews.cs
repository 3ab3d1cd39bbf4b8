using Bot.Knowledge.Model;

namespace Bot.Knowledge.Loading;

/// <summary>
/// Reads and checks a fact's review metadata: who reviewed it (a role), when (not in the future) and when
/// it is due again (after the review, at most a year later). An overdue review is a warning, not an error.
/// </summary>
internal static class FactReviews
{
    public static FactReview? Read(MappingReader fact, string label, DateOnly today, ProblemList warnings)
    {
        var r = fact.Map("review", "review");
        if (r is null)
        {
            return null;
        }

        r.RejectUnknownKeys("by", "on", "due");
        var by = r.String("by");
        var on = r.Date("on");
        var due = r.Date("due");
        if (on is null || due is null || by is null)
        {
            return null;
        }

        if (on.Value > today)
        {
            r.Problem(r.LineOf("on"), $"{label}: review date {on.Value:yyyy-MM-dd} is in the future");
            return null;
        }

        if (due.Value <= on.Value)
        {
            r.Problem(r.LineOf("due"), $"{label}: review due date {due.Value:yyyy-MM-dd} must come after the review date {on.Value:yyyy-MM-dd}");
            return null;
        }

        if (due.Value > on.Value.AddYears(1))
        {
            r.Problem(r.LineOf("due"), $"{label}: review due date {due.Value:yyyy-MM-dd} is more than a year after the review; facts are re-reviewed at least once a year");
            return null;
        }

        var review = new FactReview(by, on.Value, due.Value);
        if (review.IsOverdue(today))
        {
            warnings.Add(r.File, r.LineOf("due"), $"{label}: review overdue (it was due on {due.Value:yyyy-MM-dd}); re-check the fact against its references and update 'review'");
        }

        return review;
    }
}
