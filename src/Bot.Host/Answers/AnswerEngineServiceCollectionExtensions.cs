using Bot.Answers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Answers;

public static class AnswerEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAnswerEngineSource"/>: the knowledge at <c>Knowledge:Path</c> (default: the
    /// <c>knowledge/</c> folder found from the working or app directory, <c>KnowledgeLocator.FindRoot()</c>)
    /// loaded in the background at start-up into the answer engine, tuned by the <c>Answers</c> section
    /// (<see cref="AnswerEngineOptions"/>). Both are validated at start. A source registered in its place
    /// (tests) is used as is.
    /// </summary>
    public static IServiceCollection AddAnswerEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeOptions>()
            .Bind(configuration.GetSection("Knowledge"))
            .Validate(o => string.IsNullOrWhiteSpace(o.Path) || Directory.Exists(o.Path), "Knowledge:Path does not name an existing folder.")
            .ValidateOnStart();
        services.AddOptions<AnswerEngineOptions>()
            .Bind(configuration.GetSection(AnswerEngineOptions.SectionName))
            .Validate(o =>
            {
                try
                {
                    o.Validate();
                    return true;
                }
                catch (ArgumentException)
                {
                    return false;
                }
            }, "The Answers section has an invalid setting (see AnswerEngineOptions; e.g. MinCoverage must be between 0 and 1).")
            .ValidateOnStart();
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
