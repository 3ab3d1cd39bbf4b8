using Bot.Protocol.Authentication;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.Options;

namespace Bot.Host.RateLimiting;

/// <summary>
/// The per-conversation rate limit (<see cref="RateLimitingOptions.PerConversation"/>): one token bucket per
/// channel + conversation id (in <see cref="RateLimitBuckets"/>, shared by every instance when Redis is used),
/// for <c>/api/messages</c> (as an <see cref="IInboundActivityGate"/>, so it runs after authentication and a
/// stranger cannot use up a real conversation's budget) and Direct Line posts.
/// </summary>
public sealed class ConversationRateLimiter(IOptions<RateLimitingOptions> options, RateLimitBuckets buckets) : IInboundActivityGate
{
    private readonly RateLimitingOptions _options = options.Value;

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
        return !_options.Enabled || buckets.TryAcquire("conversation", channelId + "|" + conversationId, _options.PerConversation, out retryAfter);
    }
}
