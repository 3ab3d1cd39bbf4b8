using Bot.Protocol.Authentication;

namespace Bot.Host.Reliability;

/// <summary>
/// Not ready while an identity provider is unreachable and no signing keys were ever fetched from it:
/// every authenticated request then gets 401, and <c>/readyz</c> says why. With cached keys the host stays
/// ready (tokens keep validating) and the outage is only logged.
/// </summary>
internal sealed class IdentityProviderReadiness(IBotFrameworkAuthenticator authenticator, ILogger<IdentityProviderReadiness> logger) : IReadinessCheck
{
    public string? Problem()
    {
        if (authenticator is not BotFrameworkAuthenticator bf)
        {
            return null;
        }

        string? problem = null;
        foreach (var p in bf.Problems())
        {
            if (p.UsingCachedKeys)
            {
                logger.LogWarning("Identity provider {MetadataUrl} unreachable ({Error}); using cached signing keys.", p.MetadataUrl, p.Error);
                continue;
            }

            problem = (problem is null ? "" : problem + "; ")
                + $"identity provider {p.MetadataUrl} unreachable and no signing keys cached ({p.Error}): authenticated requests get 401";
        }

        return problem;
    }
}
