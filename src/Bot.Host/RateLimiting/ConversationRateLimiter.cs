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

    public async ValueTask<ActivityRejection?> CheckAsync(Activity activity, InboundAuthResult auth, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!_options.Enabled)
        {
            return null;
        }

        var (acquired, retryAfter) = await buckets.TryAcquireAsync("conversation", (activity.ChannelId ?? "") + "|" + (activity.Conversation?.Id ?? ""), _options.PerConversation, cancellationToken).ConfigureAwait(false);
        return acquired
            ? null
            : new ActivityRejection(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many activities in this conversation; please slow down.", retryAfter);
    }
}
