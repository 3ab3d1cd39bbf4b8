using Bot.Host.Feedback;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Host.Reliability;

/// <summary>Composition of fault handling: <c>AddReliability</c> and <c>UseShutdownDrain</c>.</summary>
public static class ReliabilityExtensions
{
    /// <summary>
    /// Wraps the registered <see cref="IFeedbackStore"/> in <see cref="ResilientFeedbackStore"/> (call after
    /// <c>AddFeedbackStore</c>), adds the identity provider readiness check, and bounds graceful shutdown by
    /// <see cref="ShutdownOptions.DrainTimeout"/>.
    /// </summary>
    public static IServiceCollection AddReliability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .Validate(o => o.DrainTimeout > TimeSpan.Zero && o.DrainTimeout <= TimeSpan.FromMinutes(10), "Shutdown:DrainTimeout must be above 0 and at most 10 minutes.")
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.DrainTimeout);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, IdentityProviderReadiness>());

        var store = services.LastOrDefault(d => d.ServiceType == typeof(IFeedbackStore));
        if (store is not null && store.ImplementationType != typeof(ResilientFeedbackStore))
        {
            services.Remove(store);
            services.AddSingleton<IFeedbackStore>(sp => new ResilientFeedbackStore(
                CreateInner(sp, store),
                sp.GetRequiredService<ILogger<ResilientFeedbackStore>>(),
                sp.GetRequiredService<TimeProvider>()));
        }

        return services;
    }

    /// <summary>
    /// From the moment the host is told to stop, new requests get 503 with <c>Retry-After</c> and
    /// <c>Connection: close</c> (Kestrel also stops accepting connections), while requests already in
    /// flight run to completion, bounded by <see cref="ShutdownOptions.DrainTimeout"/>.
    /// </summary>
    public static IApplicationBuilder UseShutdownDrain(this IApplicationBuilder app)
    {
        var lifetime = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>();
        return app.Use(async (context, next) =>
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                context.Response.Headers.Connection = "close";
                await context.Response.WriteAsync("shutting down", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    private static IFeedbackStore CreateInner(IServiceProvider sp, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IFeedbackStore instance } => instance,
        { ImplementationFactory: { } factory } => (IFeedbackStore)factory(sp),
        { ImplementationType: { } type } => (IFeedbackStore)ActivatorUtilities.CreateInstance(sp, type),
        _ => throw new InvalidOperationException("The feedback store registration cannot be wrapped."),
    };
}
