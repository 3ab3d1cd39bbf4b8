using Bot.Protocol.Authentication;

namespace Bot.Host.Reliability;

/// <summary>
/// Not ready until the identity providers' signing keys are fetched (they are fetched in the background from
/// start-up), and while a provider is unreachable and no keys were ever fetched from it: every authenticated
/// request then gets 401, and <c>/readyz</c> says why. With cached keys the host stays ready (tokens keep
/// validating with the stale keys) and the outage is logged, at most once a minute.
/// </summary>
internal sealed class IdentityProviderReadiness(IBotFrameworkAuthenticator authenticator, TimeProvider time, ILogger<IdentityProviderReadiness> logger) : IReadinessCheck
{
    private readonly Protocol.Diagnostics.LogThrottle _log = new(time, limit: 1);

    public string? Problem()
    {
        if (authenticator is not BotFrameworkAuthenticator bf)
        {
            return null;
        }

        bf.RefreshInBackground();
        string? problem = null;
        foreach (var p in bf.Problems())
        {
            if (p.UsingCachedKeys)
            {
                if (_log.Allow(logger, "identity provider warning"))
                {
                    logger.LogWarning("Identity provider {MetadataUrl} unreachable ({Error}); using cached signing keys.", p.MetadataUrl, p.Error);
                }

                continue;
            }

            problem = (problem is null ? "" : problem + "; ")
                + (p.FirstFetchPending
                    ? $"identity provider {p.MetadataUrl}: signing keys not fetched yet (authenticated requests get 401 until they are)"
                    : $"identity provider {p.MetadataUrl} unreachable and no signing keys cached ({p.Error}): authenticated requests get 401");
        }

        return problem;
    }
}
