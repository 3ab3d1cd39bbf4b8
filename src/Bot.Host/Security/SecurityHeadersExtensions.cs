using System.Text;
using Bot.Host.WebChat;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Host.Security;

/// <summary>Composition of the response security headers: <c>AddSecurityHeaders</c> and <c>UseSecurityHeaders</c>.</summary>
public static class SecurityHeadersExtensions
{
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityHeadersOptions>().Bind(configuration.GetSection(SecurityHeadersOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityHeadersOptions>, SecurityHeadersOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Adds to every response (page, scripts, API, errors): a strict <c>Content-Security-Policy</c>
    /// (<see cref="ContentSecurityPolicy"/>), <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c>,
    /// <c>X-Frame-Options: DENY</c>, <c>Cross-Origin-Opener-Policy</c> and <c>Cross-Origin-Resource-Policy: same-origin</c>,
    /// a <c>Permissions-Policy</c> that turns off camera, microphone, geolocation and payment, and HSTS on https.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<SecurityHeadersOptions>>().Value;
        var webChat = app.ApplicationServices.GetService<IOptions<WebChatOptions>>()?.Value;
        var sources = options.ConnectSources.Concat(WebChatSources(webChat)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request, sources);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            if (options.Hsts && context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Scripts, styles, images and fonts only from this host; no plugins, no framing (<c>frame-ancestors 'none'</c>),
    /// no <c>&lt;base&gt;</c>, forms post nowhere; connections to this host (http(s) and its WebSocket stream) and
    /// the configured <see cref="SecurityHeadersOptions.ConnectSources"/>. Inline style attributes are allowed
    /// (Web Chat and the Adaptive Card renderer set element styles); inline and foreign scripts are not.
    /// </summary>
    internal static string ContentSecurityPolicy(HttpRequest request, IEnumerable<string> connectSources)
    {
        var connect = new StringBuilder("'self'");
        if (request.Host.HasValue && IsSafeHost(request.Host.Value))
        {
            // 'self' covers ws(s) in CSP 3 browsers; naming the socket origin keeps older ones working.
            connect.Append(request.IsHttps ? " wss://" : " ws://").Append(request.Host.Value);
        }

        foreach (var source in connectSources)
        {
            connect.Append(' ').Append(source.TrimEnd('/'));
        }

        return "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src " + connect + "; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";
    }

    /// <summary>
    /// The origins the web chat page talks to when it is configured for another Direct Line (Azure's, through
    /// <c>WebChat:DirectLineDomain</c>, <c>WebChat:DirectLineSecret</c> or <c>WebChat:TokenUrl</c>): the domain over
    /// https and wss, and an absolute token URL's origin. None for this host's own Direct Line.
    /// </summary>
    internal static IEnumerable<string> WebChatSources(WebChatOptions? webChat)
    {
        if (webChat is null || webChat.UsesLocalDirectLine)
        {
            yield break;
        }

        var domain = string.IsNullOrEmpty(webChat.DirectLineDomain) ? WebChatOptions.AzureDirectLineDomain : webChat.DirectLineDomain;
        if (Uri.TryCreate(domain, UriKind.Absolute, out var d))
        {
            yield return d.GetLeftPart(UriPartial.Authority);
            yield return (d.Scheme == Uri.UriSchemeHttps ? "wss://" : "ws://") + d.Authority;
        }

        if (Uri.TryCreate(webChat.TokenUrl, UriKind.Absolute, out var token) && token.Scheme is "https" or "http")
        {
            yield return token.GetLeftPart(UriPartial.Authority);
        }
    }

    /// <summary>A Host header that is only a host name or address and port (nothing that could inject a directive).</summary>
    private static bool IsSafeHost(string host) =>
        host.Length <= 255 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');
}
