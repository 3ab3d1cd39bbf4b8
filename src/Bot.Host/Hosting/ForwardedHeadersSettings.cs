using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Bot.Host.Hosting;

/// <summary>
/// Behind a TLS-terminating proxy (Azure App Service, a container platform's ingress, a dev tunnel), section
/// <c>ForwardedHeaders</c>: with <see cref="Enabled"/> the host reads <c>X-Forwarded-Proto</c>, <c>X-Forwarded-Host</c>
/// and <c>X-Forwarded-For</c>, so it sees the original https address (the self-hosted Direct Line then hands out
/// <c>wss://</c> stream URLs, which browsers require on https pages) and rate limits key on the real client.
/// Off by default: without a proxy in front, anyone could claim any address with these headers.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>
    /// The proxies' IP addresses to trust (e.g. <c>10.0.0.4</c>). Empty: trust the headers from any sender, as
    /// App Service and most container platforms need (their proxy addresses change); the app must then be
    /// reachable only through the proxy.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>How many proxies in a row to read (the last entries of the headers).</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>Composition of <see cref="ForwardedHeadersSettings"/>: <c>AddForwardedHeadersSetting</c> and <c>UseForwardedHeadersSetting</c>.</summary>
public static class ForwardedHeadersExtensions
{
    public static IServiceCollection AddForwardedHeadersSetting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.SectionName))
            .Validate(s => s.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must be IP addresses.")
            .Validate(s => s.ForwardLimit is >= 1 and <= 10, "ForwardedHeaders:ForwardLimit must be between 1 and 10.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            var s = settings.Value;
            if (!s.Enabled)
            {
                return;
            }

            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = s.ForwardLimit;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in s.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    /// <summary>Reads the forwarded headers first, before anything looks at the scheme, host or client address.</summary>
    public static WebApplication UseForwardedHeadersSetting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
