namespace Bot.Host.Telemetry;

/// <summary>
/// OpenTelemetry settings (section <c>Telemetry</c>). Off unless an exporter is configured: the embedded default
/// exports nothing. Metrics: <c>bot.turns</c>, <c>bot.turn.duration</c>, <c>bot.connector.delivery.failures</c>,
/// <c>bot.connector.delivery.retries</c>, <c>directline.conversations.open</c>, plus ASP.NET Core's request metrics;
/// traces: one span per turn (<c>bot.turn</c>) under ASP.NET Core's request spans (query strings removed: a stream
/// URL carries a token).
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The OTLP endpoint (for example <c>http://collector:4317</c>); also read from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Serve Prometheus's scrape endpoint at <see cref="PrometheusPath"/> (keep it off the public address).</summary>
    public bool PrometheusEnabled { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "hemifacial-spasm-bot";
}
