using Bot.Protocol.Authentication;
using Bot.Protocol.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddOptions<BotFrameworkOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>());

        services.AddHttpClient(BotFrameworkHttpClients.Connector, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(BotFrameworkHttpClients.Login, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(BotFrameworkHttpClients.OpenId, c => c.Timeout = TimeSpan.FromSeconds(30));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrustedServiceUrls, TrustedServiceUrls>();
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
        services.TryAddSingleton<CloudAdapter>();
        return services;
    }
}
