using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Answers;

public static class AnswerEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAnswerEngineSource"/>: the knowledge at <c>Knowledge:Path</c> (default: the
    /// <c>knowledge/</c> folder found from the app's directory) loaded in the background at start-up.
    /// A source registered in its place (tests) is used as is.
    /// </summary>
    public static IServiceCollection AddAnswerEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeOptions>().Bind(configuration.GetSection("Knowledge"));
        services.TryAddSingleton<IAnswerEngineSource>(sp => new KnowledgeAnswerEngineSource(
            KnowledgeFactory.Create(sp),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<KnowledgeAnswerEngineSource>>()));
        services.AddHostedService<AnswerEngineStarter>();
        return services;
    }

    /// <summary>Starts the background load when the registered source is the knowledge loader.</summary>
    private sealed class AnswerEngineStarter(IAnswerEngineSource source) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            source is KnowledgeAnswerEngineSource loader ? loader.StartAsync(cancellationToken) : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) =>
            source is KnowledgeAnswerEngineSource loader ? loader.StopAsync(cancellationToken) : Task.CompletedTask;
    }
}
