using Bot.Host.State;
using Bot.Protocol.Builder;
using Bot.Protocol.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Host.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Bot Framework protocol (<see cref="BotFrameworkServiceCollectionExtensions.AddBotFramework"/>:
    /// options from the configuration root, validated at start), the bot and its conversation memory,
    /// and a start-up log line that warns loudly when the bot runs unauthenticated.
    /// </summary>
    public static IServiceCollection AddBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp =>
        {
            var adapter = ActivatorUtilities.CreateInstance<CloudAdapter>(sp);
            adapter.OnTurnError = ReportTurnErrorAsync;
            return adapter;
        });
        services.AddBotFramework(configuration);
        services.AddConversationState(configuration);
        services.TryAddSingleton<IBot, HemifacialSpasmBot>();
        services.AddHostedService<BotStartupLog>();
        return services;
    }

    /// <summary>Maps <c>/api/messages</c> for every method (the adapter answers 405 to anything but POST).</summary>
    public static IEndpointRouteBuilder MapBotEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/api/messages", (HttpContext context, CloudAdapter adapter, IBot bot) =>
            adapter.ProcessAsync(context.Request, context.Response, bot, context.RequestAborted));
        return endpoints;
    }

    /// <summary>After a failed turn (already logged): tell the user something went wrong; for anything but a message, fail the request (500).</summary>
    private static async Task ReportTurnErrorAsync(ITurnContext turnContext, Exception error)
    {
        if (!string.Equals(turnContext.Activity.Type, Protocol.Schema.ActivityTypes.Message, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The turn failed.", error);
        }

        await turnContext.SendActivityAsync("Sorry, something went wrong on my side. Please try again in a moment.").ConfigureAwait(false);
    }

    private sealed class BotStartupLog(IOptions<BotFrameworkOptions> options, IHostEnvironment environment, ILogger<BotStartupLog> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var o = options.Value;
            if (o.IsAnonymous)
            {
                logger.LogWarning(
                    "!!! AUTHENTICATION IS OFF: MicrosoftAppId is empty, so /api/messages accepts requests without a token and replies carry none ({Environment}{OptIn}). " +
                    "Fine for the Emulator and local Web Chat; set MicrosoftAppId/MicrosoftAppPassword for Azure Bot Service.",
                    environment.EnvironmentName, o.AllowUnauthenticated ? ", AllowUnauthenticated=true" : "");
            }
            else
            {
                logger.LogInformation("Bot Framework authentication on: app type {AppType}, login {LoginUrl}.", o.AppType, o.EffectiveLoginUrl);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
