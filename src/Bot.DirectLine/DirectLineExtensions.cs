using Bot.DirectLine.State;
using Bot.DirectLine.State.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>Composition of the self-hosted Direct Line channel: <c>AddDirectLine</c> and <c>MapDirectLine</c>.</summary>
public static class DirectLineExtensions
{
    /// <summary>The log category that writes each request's URL (with its query) at Information.</summary>
    internal const string RequestUrlLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Registers the channel, its options (section <c>DirectLine</c>, validated at start) and its CORS policy.
    /// The bot is reached through <see cref="IDirectLineBotGateway"/>, which the host registers. The state is in
    /// memory (<see cref="MemoryDirectLineStore"/>) unless <c>ConnectionStrings:Redis</c> is set: then it is in
    /// Redis (<see cref="RedisDirectLineStore"/>), shared by every instance, and <c>DirectLine:TokenSigningKey</c> is required.
    /// </summary>
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DirectLineOptions>()
            .Bind(configuration.GetSection(DirectLineOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (RedisConnection.IsConfigured(configuration))
        {
            services.AddRedisConnection(configuration);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DirectLineOptions>, DirectLineRedisOptionsValidator>());
            services.TryAddSingleton<IDirectLineStore, RedisDirectLineStore>();
        }
        else
        {
            services.TryAddSingleton<DirectLineStore>();
            services.TryAddSingleton<IDirectLineStore, MemoryDirectLineStore>();
        }

        services.TryAddSingleton<DirectLineServiceUrl>();
        services.TryAddSingleton<DirectLineChannel>();
        services.TryAddSingleton(sp => new DirectLineConnector(
            sp.GetRequiredService<IDirectLineStore>(), sp.GetRequiredService<DirectLineServiceUrl>(), sp.GetRequiredService<IOptions<DirectLineOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<DirectLineExpiryService>();

        // The stream URL carries a single-use token in its query (browsers cannot set headers on a WebSocket), and
        // ASP.NET Core's hosting diagnostics log every request URL at Information: keep that category to warnings,
        // so no stream token ever reaches a log.
        services.Configure<LoggerFilterOptions>(filters => filters.Rules.Add(
            new LoggerFilterRule(null, RequestUrlLogCategory, LogLevel.Warning, null)));
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<DirectLineOptions>>((cors, directLine) => cors.AddPolicy(DirectLineEndpoints.CorsPolicy, policy =>
            {
                var origins = directLine.Value.AllowedOrigins;
                if (origins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. origins]);
                }

                // DirectLineJS sends Authorization and x-ms-bot-agent on every call; never cookies.
                policy.WithHeaders("Authorization", "Content-Type", "Accept", "x-ms-bot-agent", "x-requested-with")
                    .WithMethods("GET", "POST")
                    .WithExposedHeaders("Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        return services;
    }

    /// <summary>
    /// Maps <c>/v3/directline/...</c> (tokens, conversations, activities, WebSocket stream). The bot's replies
    /// reach the channel in-process (<see cref="DirectLineConnector"/>). Does nothing when <c>DirectLine:Enabled</c> is false.
    /// </summary>
    public static WebApplication MapDirectLine(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<IOptions<DirectLineOptions>>().Value.Enabled)
        {
            return app;
        }

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseCors();
        DirectLineEndpoints.Map(app);
        return app;
    }
}
