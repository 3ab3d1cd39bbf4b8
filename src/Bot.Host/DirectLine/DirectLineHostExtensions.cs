using Bot.DirectLine;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.DirectLine;

/// <summary>Composition of the self-hosted Direct Line channel (<c>src/Bot.DirectLine</c>) with this bot.</summary>
public static class DirectLineHostExtensions
{
    /// <summary>
    /// Adds the Direct Line channel (<see cref="DirectLineExtensions.AddDirectLine"/>) connected to the bot
    /// through the adapter's trusted in-process entry (<see cref="AdapterDirectLineBotGateway"/>); call <c>AddBot</c> as well.
    /// </summary>
    public static IServiceCollection AddBotDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IDirectLineBotGateway, AdapterDirectLineBotGateway>();
        services.AddDirectLine(configuration);
        return services;
    }
}
