using Microsoft.Extensions.Hosting;

namespace Bot.Protocol.Authentication;

/// <summary>
/// Fetches the identity providers' signing keys at start-up and keeps them fresh in the background (every
/// second it starts a fetch where keys are missing or stale and no backoff is running), so no request waits
/// for a refresh and readiness reports the providers' state from the start. Does nothing for an anonymous bot.
/// </summary>
public sealed class OpenIdKeyRefresher(IBotFrameworkAuthenticator authenticator, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (authenticator is not BotFrameworkAuthenticator bf)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                bf.RefreshInBackground();
                await Task.Delay(Period, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
