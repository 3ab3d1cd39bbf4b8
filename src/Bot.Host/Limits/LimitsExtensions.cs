using Bot.Protocol.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Host.Limits;

public static class LimitsExtensions
{
    /// <summary>
    /// Adds <see cref="LimitsOptions"/> (section <c>Limits</c>, validated at start), the activity shape limits as
    /// an <see cref="IInboundActivityGate"/> of <c>/api/messages</c>, and Kestrel's limits: body size, no <c>Server</c>
    /// header, connections (plain and upgraded), keep-alive and header timeouts, and the <see cref="ConnectionGuard"/>
    /// that closes silent connections (after <see cref="LimitsOptions.FirstRequestTimeout"/>, or oldest first when
    /// connections run short).
    /// </summary>
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>());
        services.TryAddSingleton<ActivityLimits>();
        services.AddSingleton<IInboundActivityGate>(sp => sp.GetRequiredService<ActivityLimits>());
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>, ILoggerFactory>((kestrel, limits, loggers) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxConcurrentConnections = limits.Value.MaxConcurrentConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.Value.MaxConcurrentUpgradedConnections;
            kestrel.Limits.KeepAliveTimeout = limits.Value.KeepAliveTimeout;
            kestrel.Limits.RequestHeadersTimeout = limits.Value.RequestHeadersTimeout;
            var guard = new ConnectionGuard(limits.Value, loggers.CreateLogger<ConnectionGuard>());
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection => guard.OnConnectionAsync(connection, next)));
        });
        return services;
    }
}
