using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Bot.DirectLine.State.Redis;

/// <summary>
/// The one Redis connection of a process (<c>ConnectionStrings:Redis</c>, StackExchange.Redis syntax such as
/// <c>localhost:6379,password=...</c>), shared by every part that keeps state in Redis. Connected lazily on first
/// use, with <c>abortConnect=false</c> so the host starts (and reports not ready) while Redis is down.
/// </summary>
public static class RedisConnection
{
    public const string ConnectionStringName = "Redis";

    /// <summary>True when <c>ConnectionStrings:Redis</c> is set.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?.GetConnectionString(ConnectionStringName));

    /// <summary>Registers the shared <see cref="IConnectionMultiplexer"/> unless one is registered already.</summary>
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set.");
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("ConnectionStrings:Redis is not a valid Redis connection string: " + ex.Message, ex);
        }

        options.AbortOnConnectFail = false;
        options.ClientName ??= "hemifacial-spasm-bot";
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return services;
    }
}
