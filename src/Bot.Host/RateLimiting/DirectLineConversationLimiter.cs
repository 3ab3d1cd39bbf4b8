using System.Threading.RateLimiting;

namespace Bot.Host.RateLimiting;

/// <summary>
/// Applies <see cref="ConversationRateLimiter"/> to Direct Line posts
/// (<c>POST /v3/directline/conversations/{id}/activities</c>), so a Web Chat conversation has the same
/// per-conversation budget as one on <c>/api/messages</c>.
/// </summary>
internal sealed class DirectLineConversationLimiter(ConversationRateLimiter conversations) : PartitionedRateLimiter<HttpContext>
{
    private const string ChannelKey = "directline-post";

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (permitCount == 0 || ConversationId(resource) is not { } id)
        {
            return Lease.Granted;
        }

        return conversations.TryAcquire(ChannelKey, id, out var retryAfter) ? Lease.Granted : new Lease(false, retryAfter);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    /// <summary>The conversation id of a Direct Line post, or null for any other request.</summary>
    internal static string? ConversationId(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)
            || !request.Path.StartsWithSegments(RateLimitingExtensions.DirectLinePrefix + "/conversations", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return null;
        }

        // rest is "/{id}/activities" (or "/{id}/upload")
        var segments = rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return segments.Length == 2 && (segments[1].Equals("activities", StringComparison.OrdinalIgnoreCase) || segments[1].Equals("upload", StringComparison.OrdinalIgnoreCase))
            ? segments[0]
            : null;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter = null) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
