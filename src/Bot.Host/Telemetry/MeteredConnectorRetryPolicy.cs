using Bot.Protocol.Connector;
using Bot.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Host.Telemetry;

/// <summary>The Connector client's retry policy, counting each retry (<c>bot.connector.delivery.retries</c>).</summary>
internal sealed class MeteredConnectorRetryPolicy(IOptions<BotFrameworkOptions> options) : ConnectorRetryPolicy(options)
{
    public override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        BotMetrics.RecordDeliveryRetry();
        return base.DelayAsync(delay, cancellationToken);
    }
}
