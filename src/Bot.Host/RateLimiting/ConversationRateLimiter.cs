using System.Threading.RateLimiting;
using Bot.Protocol.Authentication;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.Options;

namespace Bot.Host.RateLimiting;

/// <summary>
/// The per-conversation rate limit (<see cref="RateLimitingOptions.PerConversation"/>): one token bucket per
/// channel + conversation id, shared by <c>/api/messages</c> (as an <see cref="IInboundActivityGate"/>, so it
/// runs after authentication and a stranger cannot use up a real conversation's budget) and Direct Line posts.
/// Idle buckets are dropped by the partitioned limiter, so memory follows the active conversations.
/// </summary>
public sealed class ConversationRateLimiter : IInboundActivityGate, IDisposable
{
    /// <summary>Conversation ids longer than this are cut in the partition key (they only share a bucket with themselves).</summary>
    private const int MaxKeyChars = 256;

    private readonly RateLimitingOptions _options;
    private readonly PartitionedRateLimiter<string> _limiter;

    public ConversationRateLimiter(IOptions<RateLimitingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var bucket = Buckets.Options(_options.PerConversation);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));
    }

    public ActivityRejection? Check(Activity activity, InboundAuthResult auth, HttpContext? httpContext)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return TryAcquire(activity.ChannelId ?? "", activity.Conversation?.Id ?? "", out var retryAfter)
            ? null
            : new ActivityRejection(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many activities in this conversation; please slow down.", retryAfter);
    }

    /// <summary>Takes one permit of the conversation's bucket; false (and how long to wait) when it is empty.</summary>
    public bool TryAcquire(string channelId, string conversationId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_options.Enabled)
        {
            return true;
        }

        var key = channelId + "|" + (conversationId.Length > MaxKeyChars ? conversationId[..MaxKeyChars] : conversationId);
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = Buckets.RetryAfter(lease, _options.PerConversation);
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
