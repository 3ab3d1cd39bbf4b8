using System.Threading.RateLimiting;
using Bot.Host.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bot.Host.Feedback;

/// <summary>
/// What may reach the feedback store (security review F7): a per-conversation token bucket (the same
/// bucket shape as the host's rate limits, <see cref="Buckets"/>), fact ids kept only when the loaded
/// knowledge has them (deduplicated, at most <see cref="FeedbackOptions.MaxFactIds"/>), every other field
/// cut to <see cref="FeedbackLimits"/>, and the comment dropped unless <see cref="FeedbackOptions.AllowComments"/>.
/// </summary>
public sealed class FeedbackGuard : IDisposable
{
    private const int MaxKeyChars = 256;
    private readonly FeedbackOptions _options;
    private readonly PartitionedRateLimiter<string> _limiter;

    public FeedbackGuard(IOptions<FeedbackOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var bucket = Buckets.Options(_options.PerConversation);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));
    }

    /// <summary>Takes one permit of the conversation's feedback budget; false when it is spent.</summary>
    public bool TryAcquire(string channelId, string conversationId)
    {
        var key = Cut(channelId, FeedbackLimits.MaxChannelIdLength) + "|" + Cut(conversationId, MaxKeyChars);
        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

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

    public void Dispose() => _limiter.Dispose();

    private static bool IsIdShape(string id) => id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string Cut(string value, int max) => value.Length > max ? value[..max] : value;
}
