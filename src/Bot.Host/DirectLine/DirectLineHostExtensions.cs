using Bot.DirectLine;
using Bot.Protocol.Connector;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.DirectLine;

/// <summary>Composition of the self-hosted Direct Line channel (<c>src/Bot.DirectLine</c>) with this bot.</summary>
public static class DirectLineHostExtensions
{
    /// <summary>
    /// Adds the Direct Line channel (<see cref="DirectLineExtensions.AddDirectLine"/>) connected to the bot
    /// through the adapter's trusted in-process entry (<see cref="AdapterDirectLineBotGateway"/>), and the bot's
    /// Connector client wrapped so replies to the channel reach it in-process (<see cref="DirectLineConnectorClient"/>).
    /// Call it after <c>AddBot</c>.
    /// </summary>
    public static IServiceCollection AddBotDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IDirectLineBotGateway, AdapterDirectLineBotGateway>();
        services.AddDirectLine(configuration);
        services.TryAddSingleton<ConnectorClient>();
        services.Replace(ServiceDescriptor.Singleton<IConnectorClient>(sp =>
            new DirectLineConnectorClient(sp.GetRequiredService<ConnectorClient>(), sp.GetRequiredService<DirectLineConnector>())));
        return services;
    }
}
