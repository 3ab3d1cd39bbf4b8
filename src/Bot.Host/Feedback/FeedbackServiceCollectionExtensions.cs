using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Feedback;

public static class FeedbackServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IFeedbackStore"/> (SQLite at <c>Feedback:DatabasePath</c>) unless another store is registered.</summary>
    public static IServiceCollection AddFeedbackStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedbackOptions>()
            .Bind(configuration.GetSection("Feedback"))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), "Feedback:DatabasePath must not be empty.")
            .Validate(o => o.MaxCommentLength is > 0 and <= 4000, "Feedback:MaxCommentLength must be between 1 and 4000.")
            .ValidateOnStart();
        SQLitePCL.Batteries_V2.Init();
        services.TryAddSingleton<IFeedbackStore, SqliteFeedbackStore>();
        return services;
    }
}
