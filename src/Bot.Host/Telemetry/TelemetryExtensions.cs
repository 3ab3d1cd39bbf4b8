using Bot.DirectLine;
using Bot.Protocol.Connector;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bot.Host.Telemetry;

/// <summary>Composition of metrics and traces: <c>AddBotTelemetry</c> and <c>MapBotTelemetry</c>.</summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// Counts Connector retries always (cheap), and adds OpenTelemetry with the OTLP exporter when
    /// <c>Telemetry:OtlpEndpoint</c> (or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) is set and the Prometheus exporter when
    /// <c>Telemetry:PrometheusEnabled</c> is true. Call it after <c>AddBot</c>.
    /// </summary>
    public static IServiceCollection AddBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Replace(ServiceDescriptor.Singleton<ConnectorRetryPolicy, MeteredConnectorRetryPolicy>());
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .Validate(o => o.PrometheusPath.StartsWith('/') && o.PrometheusPath.Length > 1, "Telemetry:PrometheusPath must start with '/'.")
            .Validate(o => o.OtlpEndpoint is null || (o.OtlpEndpoint.IsAbsoluteUri && o.OtlpEndpoint.Scheme is "http" or "https"), "Telemetry:OtlpEndpoint must be an absolute http(s) URL.")
            .ValidateOnStart();
        var otlp = options.OtlpEndpoint ?? (Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var fromEnv) ? fromEnv : null);
        if (otlp is null && !options.PrometheusEnabled)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BotMetrics.Name, DirectLineMetrics.Name).AddAspNetCoreInstrumentation();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }

                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(BotMetrics.Name).AddAspNetCoreInstrumentation(o =>
                {
                    o.EnrichWithHttpRequest = (activity, _) =>
                    {
                        activity.SetTag("url.query", null);
                        activity.SetTag("url.full", null);
                    };
                });
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint when enabled.</summary>
    public static WebApplication MapBotTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (options.PrometheusEnabled)
        {
            app.MapPrometheusScrapingEndpoint(options.PrometheusPath);
        }

        return app;
    }
}
