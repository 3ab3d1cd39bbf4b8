using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Bot.DirectLine;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Host.WebChat;

/// <summary>Composition of the web chat page: <c>AddWebChat</c> and <c>MapWebChat</c>.</summary>
public static partial class WebChatExtensions
{
    /// <summary>Registers the page's options (section <c>WebChat</c>, validated at start) and the Azure token client.</summary>
    public static IServiceCollection AddWebChat(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebChatOptions>()
            .Bind(configuration.GetSection(WebChatOptions.SectionName))
            .ValidateOnStart();
        services.AddOptions<DirectLineOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebChatOptions>, WebChatOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PageTokens>();
        services.TryAddSingleton<IDirectLineGenerateGuard, PageTokenGenerateGuard>();
        services.AddHttpClient(AzureTokenClient, client => client.Timeout = TimeSpan.FromSeconds(15));
        return services;
    }

    /// <summary>
    /// Serves the page (<c>wwwroot/index.html</c> at <c>/</c>, its script, styles and the Web Chat bundle),
    /// <c>GET /webchat/settings</c> (where the page gets its token) and, with a Direct Line secret configured,
    /// <c>POST /webchat/token</c>.
    /// </summary>
    public static WebApplication MapWebChat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/webchat/settings", (HttpContext http, IOptions<WebChatOptions> options, IConfiguration configuration, PageTokens pageTokens) =>
        {
            // The page token is bound to this visitor's address and expires in minutes: never cache the answer.
            http.Response.Headers.CacheControl = "no-store";
            var settings = Settings(options.Value) with { AllowComments = configuration.GetValue("Feedback:AllowComments", false) };
            if (options.Value.PageToken.Required && (options.Value.UsesLocalDirectLine || !string.IsNullOrEmpty(options.Value.DirectLineSecret)))
            {
                settings = settings with { PageToken = pageTokens.Issue(http.Connection.RemoteIpAddress?.ToString()) };
            }

            return Results.Json(settings);
        });
        app.MapPost("/webchat/token", ExchangeSecretAsync);
        return app;
    }

    internal const string AzureTokenClient = "AzureDirectLineToken";

    internal static WebChatSettings Settings(WebChatOptions options)
    {
        if (options.UsesLocalDirectLine)
        {
            return new WebChatSettings(DirectLineEndpoints.Prefix + "/tokens/generate", null, options.WebSocket, options.Locale);
        }

        var domain = string.IsNullOrEmpty(options.DirectLineDomain) ? WebChatOptions.AzureDirectLineDomain : options.DirectLineDomain.TrimEnd('/');
        var tokenUrl = string.IsNullOrEmpty(options.TokenUrl) ? "/webchat/token" : options.TokenUrl;
        return new WebChatSettings(tokenUrl, domain, options.WebSocket, options.Locale);
    }

    /// <summary>What the page's script reads: where to get a token, which Direct Line to use (null: this host's), whether feedback comments are kept.</summary>
    internal sealed record WebChatSettings(
        [property: JsonPropertyName("tokenUrl")] string TokenUrl,
        [property: JsonPropertyName("domain")] string? Domain,
        [property: JsonPropertyName("webSocket")] bool WebSocket,
        [property: JsonPropertyName("locale")] string Locale)
    {
        /// <summary><c>Feedback:AllowComments</c>: the page's privacy text says whether comments are kept.</summary>
        [JsonPropertyName("allowComments")]
        public bool AllowComments { get; init; }

        /// <summary>The signed page token the page sends to <c>tokens/generate</c> or <c>/webchat/token</c> (<see cref="PageTokens"/>); not for another token service.</summary>
        [JsonPropertyName("pageToken")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? PageToken { get; init; }
    }

    private sealed record AzureToken(
        [property: JsonPropertyName("conversationId")] string? ConversationId,
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    /// <summary>Exchanges the configured Azure Direct Line secret for a token bound to a new random user id.</summary>
    private static async Task<IResult> ExchangeSecretAsync(HttpContext http, IOptions<WebChatOptions> options, IDirectLineGenerateGuard guard, IHttpClientFactory clients, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.DirectLineSecret))
        {
            return DirectLineEndpoints.Error(HttpStatusCode.NotFound, "NotConfigured", "No Direct Line secret is configured (WebChat:DirectLineSecret).");
        }

        // The same page token as the built-in Direct Line asks: only the page this host served gets Azure tokens.
        if (guard.Check(http) is { } refused)
        {
            return DirectLineEndpoints.Error((HttpStatusCode)refused.StatusCode, refused.Code, refused.Message);
        }

        var domain = string.IsNullOrEmpty(settings.DirectLineDomain) ? WebChatOptions.AzureDirectLineDomain : settings.DirectLineDomain.TrimEnd('/');
        var userId = "dl_" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, domain + "/tokens/generate")
        {
            Content = JsonContent.Create(new { user = new { id = userId } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.DirectLineSecret);
        try
        {
            using var response = await clients.CreateClient(AzureTokenClient).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogTokenFailed(loggers.CreateLogger(typeof(WebChatExtensions)), (int)response.StatusCode);
                return DirectLineEndpoints.Error(HttpStatusCode.BadGateway, "DirectLineUnavailable", "Could not get a Direct Line token.");
            }

            var token = await response.Content.ReadFromJsonAsync<AzureToken>(cancellationToken);
            if (string.IsNullOrEmpty(token?.Token))
            {
                LogTokenFailed(loggers.CreateLogger(typeof(WebChatExtensions)), (int)response.StatusCode);
                return DirectLineEndpoints.Error(HttpStatusCode.BadGateway, "DirectLineUnavailable", "Could not get a Direct Line token.");
            }

            return Results.Json(new { conversationId = token.ConversationId, token = token.Token, expires_in = token.ExpiresIn, userId });
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            LogTokenFailed(loggers.CreateLogger(typeof(WebChatExtensions)), 0);
            return DirectLineEndpoints.Error(HttpStatusCode.BadGateway, "DirectLineUnavailable", "Could not get a Direct Line token.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web chat: the Direct Line token service answered {Status} (0: no answer).")]
    private static partial void LogTokenFailed(ILogger logger, int status);
}
