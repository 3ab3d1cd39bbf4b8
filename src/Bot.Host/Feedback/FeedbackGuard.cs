using Bot.Host.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bot.Host.Feedback;

/// <summary>
/// What may reach the feedback store (security review F7): a per-conversation token bucket (in the host's one
/// bucket implementation, <see cref="RateLimitBuckets"/>, shared by every instance when Redis is used), fact ids kept only when the loaded
/// knowledge has them (deduplicated, at most <see cref="FeedbackOptions.MaxFactIds"/>), every other field
/// cut to <see cref="FeedbackLimits"/>, and the comment dropped unless <see cref="FeedbackOptions.AllowComments"/>.
/// </summary>
public sealed class FeedbackGuard
{
    private readonly FeedbackOptions _options;
    private readonly RateLimitBuckets _buckets;

    public FeedbackGuard(IOptions<FeedbackOptions> options, RateLimitBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _buckets = buckets;
    }

    /// <summary>Takes one permit of the conversation's feedback budget; false when it is spent.</summary>
    public async ValueTask<bool> TryAcquireAsync(string channelId, string conversationId, CancellationToken cancellationToken) =>
        (await _buckets.TryAcquireAsync("feedback", Cut(channelId, FeedbackLimits.MaxChannelIdLength) + "|" + conversationId, _options.PerConversation, cancellationToken).ConfigureAwait(false)).Acquired;

    /// <summary>The entry as it may be stored. <paramref name="knownFactIds"/> null: the knowledge names no facts (a fixed test engine), so only the shape of each id is checked.</summary>
    public FeedbackEntry Sanitize(FeedbackEntry entry, IReadOnlySet<string>? knownFactIds)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var facts = new List<string>();
        foreach (var id in entry.FactIds ?? [])
        {
            if (facts.Count >= _options.MaxFactIds)
            {
                break;
            }

            if (string.IsNullOrEmpty(id) || id.Length > FeedbackLimits.MaxFactIdLength || facts.Contains(id, StringComparer.Ordinal))
            {
                continue;
            }

            if (knownFactIds is null ? IsIdShape(id) : knownFactIds.Contains(id))
            {
                facts.Add(id);
            }
        }

        string? comment = null;
        if (_options.AllowComments && !string.IsNullOrWhiteSpace(entry.Comment))
        {
            comment = entry.Comment.Trim();
            if (comment.Length > _options.MaxCommentLength)
            {
                comment = comment[.._options.MaxCommentLength];
            }
        }

        var kind = entry.AnswerKind is { Length: > 0 and <= FeedbackLimits.MaxAnswerKindLength } k && k.All(char.IsAsciiLetter) ? k : null;
        return entry with
        {
            FactIds = facts,
            AnswerKind = kind,
            Comment = comment,
            ChannelId = Cut(entry.ChannelId ?? "", FeedbackLimits.MaxChannelIdLength),
            MessageId = entry.MessageId is null ? null : Cut(entry.MessageId, FeedbackLimits.MaxMessageIdLength),
        };
    }

    private static bool IsIdShape(string id) => id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string Cut(string value, int max) => value.Length > max ? value[..max] : value;
}
