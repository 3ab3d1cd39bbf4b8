using Bot.Host.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Feedback;

public static class FeedbackServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IFeedbackStore"/> (SQLite at <c>Feedback:DatabasePath</c>, or PostgreSQL when
    /// <c>ConnectionStrings:Feedback</c> is set, its schema migrated at start) unless another store is registered,
    /// <see cref="FeedbackGuard"/>, and the retention service (old rows deleted at start and periodically).
    /// </summary>
    public static IServiceCollection AddFeedbackStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedbackOptions>()
            .Bind(configuration.GetSection("Feedback"))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), "Feedback:DatabasePath must not be empty.")
            .Validate(o => o.MaxCommentLength is > 0 and <= 4000, "Feedback:MaxCommentLength must be between 1 and 4000.")
            .Validate(o => o.RetentionDays is >= 1 and <= 3650, "Feedback:RetentionDays must be between 1 and 3650.")
            .Validate(o => o.MaxRows is >= 1 and <= 100_000_000, "Feedback:MaxRows must be between 1 and 100000000.")
            .Validate(o => o.PruneInterval >= TimeSpan.FromSeconds(1) && o.PruneInterval <= TimeSpan.FromDays(1), "Feedback:PruneInterval must be between 00:00:01 and 1.00:00:00.")
            .Validate(o => o.MaxFactIds is >= 1 and <= 50, "Feedback:MaxFactIds must be between 1 and 50.")
            .Validate(o => o.PerConversation is { Burst: >= 1 and <= 10_000, PerSecond: > 0 and <= 10_000 }, "Feedback:PerConversation needs Burst between 1 and 10000 and PerSecond above 0 and at most 10000.")
            .ValidateOnStart();
        SQLitePCL.Batteries_V2.Init();
        services.TryAddSingleton(TimeProvider.System);
        services.AddRateLimitBuckets(configuration);
        services.TryAddSingleton<FeedbackGuard>();
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(PostgresFeedbackStore.ConnectionStringName)))
        {
            services.TryAddSingleton<PostgresFeedbackStore>();
            services.TryAddSingleton<IFeedbackStore>(sp => sp.GetRequiredService<PostgresFeedbackStore>());
            services.TryAddSingleton<IFeedbackRetention>(sp => sp.GetRequiredService<PostgresFeedbackStore>());
            services.AddHostedService<PostgresFeedbackSchema.Startup>();
            services.AddSingleton<Reliability.IReadinessCheck, Health.FeedbackDatabaseReadiness>();
        }
        else
        {
            services.TryAddSingleton<SqliteFeedbackStore>();
            services.TryAddSingleton<IFeedbackStore>(sp => sp.GetRequiredService<SqliteFeedbackStore>());
            services.TryAddSingleton<IFeedbackRetention>(sp => sp.GetRequiredService<SqliteFeedbackStore>());
        }
        services.AddHostedService<FeedbackRetentionService>();
        return services;
    }
}
