using Bot.Protocol.Authentication;
using Bot.Protocol.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Protocol.Hosting;

/// <summary>Registers the Bot Framework protocol services.</summary>
public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CloudAdapter"/>, inbound authentication, the Connector client with its token
    /// provider, <see cref="ITrustedServiceUrls"/> and the named HTTP clients, with
    /// <see cref="BotFrameworkOptions"/> bound from the configuration root (the SDK's key names) and
    /// validated at start.
    /// </summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BotFrameworkOptions>().Bind(configuration)
            .PostConfigure<IHostEnvironment>((o, environment) => o.AllowEmulatorTokens ??= environment.IsDevelopment())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>());

        // No client follows redirects: a redirect from an allowed service URL (or identity provider) would take the
        // request, and the bot's token, to an address nobody checked (server-side request forgery).
        services.AddHttpClient(BotFrameworkHttpClients.Connector, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        services.AddHttpClient(BotFrameworkHttpClients.Login, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        services.AddHttpClient(BotFrameworkHttpClients.OpenId, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrustedServiceUrls, TrustedServiceUrls>();
        services.TryAddSingleton<IAuthenticatedServiceUrls, AuthenticatedServiceUrls>();
        services.TryAddSingleton<ServiceUrlTrust>();
        services.TryAddSingleton<ConnectorRetryPolicy>();
        services.TryAddSingleton<IBotFrameworkAuthenticator, BotFrameworkAuthenticator>();
        services.TryAddSingleton<IChannelTokenProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BotFrameworkOptions>>();
            return options.Value.AppType == BotAppType.UserAssignedMsi
                ? ActivatorUtilities.CreateInstance<ManagedIdentityTokenProvider>(sp)
                : ActivatorUtilities.CreateInstance<ClientCredentialsTokenProvider>(sp);
        });
        services.TryAddSingleton<IConnectorClient, ConnectorClient>();
        services.TryAddSingleton<IActivityDeduplicator, MemoryActivityDeduplicator>();
        services.TryAddSingleton<CloudAdapter>();
        services.AddHostedService<OpenIdKeyRefresher>();
        return services;
    }

    private static SocketsHttpHandler NoRedirects() => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };
}
