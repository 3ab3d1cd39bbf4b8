using Microsoft.Extensions.Options;

namespace Bot.Host.RateLimiting;

/// <summary>One token bucket: up to <see cref="Burst"/> requests at once, refilled at <see cref="PerSecond"/>.</summary>
public sealed class BucketOptions
{
    public int Burst { get; set; }

    public double PerSecond { get; set; }
}

/// <summary>
/// Rate limits (configuration section <c>RateLimiting</c>), each a token bucket; a request over a limit
/// gets 429 with <c>Retry-After</c>. The defaults leave room for normal use (a person types far slower
/// than the per-conversation rate; Azure Bot Service brings many users through a few addresses, hence the
/// high per-address rate on <c>/api/messages</c>) and are raised by the documented load run, which drives
/// thousands of turns per second from one loopback address.
/// Behind a reverse proxy set <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> so the client address is
/// the forwarded one, not the proxy's.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Switches every limit off (not for production).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Activities per conversation (channel + conversation id), on <c>/api/messages</c> and Direct Line posts.</summary>
    public BucketOptions PerConversation { get; set; } = new() { Burst = 20, PerSecond = 2 };

    /// <summary>Requests to <c>/api/messages</c> per client address.</summary>
    public BucketOptions MessagesPerClient { get; set; } = new() { Burst = 600, PerSecond = 100 };

    /// <summary>Requests to the Direct Line endpoints (<c>/v3/directline/...</c>) per client address.</summary>
    public BucketOptions DirectLinePerClient { get; set; } = new() { Burst = 300, PerSecond = 30 };

    /// <summary>New Direct Line conversations (<c>POST /v3/directline/tokens/generate</c>) per client address: 20 at once, then one per 5 s.</summary>
    public BucketOptions ConversationsPerClient { get; set; } = new() { Burst = 20, PerSecond = 0.2 };
}

internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var errors = new List<string>();
        Check(errors, nameof(options.PerConversation), options.PerConversation);
        Check(errors, nameof(options.MessagesPerClient), options.MessagesPerClient);
        Check(errors, nameof(options.DirectLinePerClient), options.DirectLinePerClient);
        Check(errors, nameof(options.ConversationsPerClient), options.ConversationsPerClient);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, BucketOptions bucket)
    {
        if (bucket.Burst is < 1 or > 10_000_000)
        {
            errors.Add($"RateLimiting:{key}:Burst must be between 1 and 10000000.");
        }

        if (bucket.PerSecond is <= 0 or > 10_000_000 || double.IsNaN(bucket.PerSecond))
        {
            errors.Add($"RateLimiting:{key}:PerSecond must be above 0 and at most 10000000.");
        }
    }
}
