using System.Globalization;
using System.Threading.RateLimiting;
using Bot.Protocol.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Host.RateLimiting;

/// <summary>Composition of the rate limits: <c>AddBotRateLimiting</c> and <c>UseBotRateLimiting</c>.</summary>
public static class RateLimitingExtensions
{
    /// <summary>The Direct Line client endpoints (the bot's own replies reach the channel in-process).</summary>
    internal const string DirectLinePrefix = "/v3/directline";

    /// <summary>
    /// Adds <see cref="RateLimitingOptions"/> (section <c>RateLimiting</c>, validated at start), the
    /// per-conversation limiter as an <see cref="IInboundActivityGate"/> of <c>/api/messages</c>, and ASP.NET
    /// Core's rate limiter with one global, path-partitioned limiter: per client address on <c>/api/messages</c>
    /// and on Direct Line, and per client address for new Direct Line conversations and tokens. Direct Line posts
    /// meet the per-conversation limit as a gate, as <c>/api/messages</c> activities do (the Direct Line's gateway
    /// runs every <see cref="IInboundActivityGate"/>). Refused requests get 429, <c>Retry-After</c> and an ErrorResponse body.
    /// </summary>
    public static IServiceCollection AddBotRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>());
        services.AddRateLimitBuckets(configuration);
        services.TryAddSingleton<ConversationRateLimiter>();
        services.AddSingleton<IInboundActivityGate>(sp => sp.GetRequiredService<ConversationRateLimiter>());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>, RateLimitBuckets>((limiter, options, buckets) =>
        {
            var o = options.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                buckets.Limiter.WithTranslatedKey<HttpContext>(context => PerClient(context, o), leaveOpen: true),
                buckets.Limiter.WithTranslatedKey<HttpContext>(context => NewConversations(context, o), leaveOpen: true));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
                    ? retryAfter
                    : TimeSpan.FromSeconds(1);
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync("""{"error":{"code":"TooManyRequests","message":"Too many requests; please wait before trying again."}}""", cancellationToken).ConfigureAwait(false);
            };
        });
        return services;
    }

    /// <summary>Applies the limits; call it before the endpoints it protects are reached.</summary>
    public static IApplicationBuilder UseBotRateLimiting(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        return options.Enabled ? app.UseRateLimiter() : app;
    }

    internal static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal static bool IsMessages(PathString path) =>
        path.Equals("/api/messages", StringComparison.OrdinalIgnoreCase);

    internal static bool IsDirectLine(PathString path) =>
        path.StartsWithSegments(DirectLinePrefix, StringComparison.OrdinalIgnoreCase);

    private static readonly BucketKey NoLimit = new("none", null);

    private static BucketKey PerClient(HttpContext context, RateLimitingOptions o)
    {
        var path = context.Request.Path;
        if (IsMessages(path))
        {
            return new BucketKey("messages|" + ClientAddress(context), o.MessagesPerClient);
        }

        if (IsDirectLine(path))
        {
            return new BucketKey("directline|" + ClientAddress(context), o.DirectLinePerClient);
        }

        return NoLimit;
    }

    /// <summary><c>POST /v3/directline/tokens/generate</c> creates a conversation (starting it with <c>POST /conversations</c> does not).</summary>
    private static BucketKey NewConversations(HttpContext context, RateLimitingOptions o)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && request.Path.Equals(DirectLinePrefix + "/tokens/generate", StringComparison.OrdinalIgnoreCase))
        {
            return new BucketKey("conversations|" + ClientAddress(context), o.ConversationsPerClient);
        }

        return NoLimit;
    }
}
