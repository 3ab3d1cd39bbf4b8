using Bot.DirectLine.State.Redis;
using Bot.Host.Bot;
using Bot.Protocol.Connector;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.State;

public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IConversationState"/>: in this process (<see cref="ConversationMemory"/>) by default, in Redis
    /// (<see cref="RedisConversationState"/>) when <c>ConnectionStrings:Redis</c> is set, with the shared connection;
    /// with Redis, the service URLs learnt from authenticated activities are shared too (<see cref="RedisAuthenticatedServiceUrls"/>).
    /// </summary>
    public static IServiceCollection AddConversationState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StateOptions>()
            .Bind(configuration.GetSection(StateOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.RedisKeyPrefix) && o.RedisKeyPrefix.Length <= 64 && !o.RedisKeyPrefix.Any(char.IsWhiteSpace), "State:RedisKeyPrefix must be 1-64 characters without spaces.")
            .Validate(o => o.ConversationTimeToLive >= TimeSpan.FromMinutes(1) && o.ConversationTimeToLive <= TimeSpan.FromDays(30), "State:ConversationTimeToLive must be between 00:01:00 and 30.00:00:00.")
            .ValidateOnStart();
        if (RedisConnection.IsConfigured(configuration))
        {
            services.AddRedisConnection(configuration);
            services.TryAddSingleton<IConversationState, RedisConversationState>();
            services.AddSingleton<Reliability.IReadinessCheck, Health.RedisReadiness>();

            // Service URLs learnt from authenticated activities, shared (AddBotFramework registered the in-process set).
            services.TryAddSingleton<RedisAuthenticatedServiceUrls>();
            services.Replace(ServiceDescriptor.Singleton<IAuthenticatedServiceUrls>(sp => sp.GetRequiredService<RedisAuthenticatedServiceUrls>()));
            services.AddHostedService(sp => sp.GetRequiredService<RedisAuthenticatedServiceUrls>());
        }
        else
        {
            services.TryAddSingleton<ConversationMemory>();
            services.TryAddSingleton<IConversationState>(sp => sp.GetRequiredService<ConversationMemory>());
        }

        return services;
    }
}
