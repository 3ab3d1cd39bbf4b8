namespace Bot.Host.Hosting;

/// <summary>
/// Where the host listens. The standard ASP.NET Core settings decide (<c>ASPNETCORE_URLS</c>, <c>--urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c> / <c>ASPNETCORE_HTTPS_PORTS</c>, which the .NET container images set, or a
/// <c>Kestrel:Endpoints</c> section); only when none of them is given does the bot listen on
/// <see cref="DefaultUrl"/>, the Bot Framework convention the Emulator expects.
/// </summary>
public static class ListeningAddress
{
    public const string DefaultUrl = "http://localhost:3978";

    /// <summary>Applies <see cref="DefaultUrl"/> when nothing else names an address.</summary>
    public static WebApplicationBuilder UseDefaultBotAddress(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!IsConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>True when the configuration names a listening address of its own.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
    }
}
