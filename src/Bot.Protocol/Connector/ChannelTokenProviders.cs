using System.Net.Http.Headers;
using System.Text.Json;
using Bot.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Protocol.Connector;

/// <summary>Gets the bearer token the bot sends to the Connector service.</summary>
public interface IChannelTokenProvider
{
    /// <summary>A valid access token; <paramref name="forceRefresh"/> skips the cache (after a 401 from the Connector).</summary>
    Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}

/// <summary>The bot's outbound token could not be obtained.</summary>
public sealed class ChannelTokenException : Exception
{
    public ChannelTokenException()
    {
    }

    public ChannelTokenException(string message)
        : base(message)
    {
    }

    public ChannelTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Caches one token, shared by every turn, until shortly before it expires (5 minutes, or half its
/// life when shorter); one refresh runs at a time.
/// </summary>
public abstract class CachingTokenProvider : IChannelTokenProvider
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private string? _token;
    private DateTimeOffset _refreshAt;

    protected CachingTokenProvider(TimeProvider time) => _time = time;

    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var token = _token;
        if (!forceRefresh && token is not null && _time.GetUtcNow() < _refreshAt)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!forceRefresh && _token is not null && _time.GetUtcNow() < _refreshAt)
            {
                return _token;
            }

            var (accessToken, lifetime) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            var margin = lifetime > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(5) : lifetime / 2;
            _token = accessToken;
            _refreshAt = _time.GetUtcNow() + lifetime - margin;
            return accessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fetches a new token and its lifetime.</summary>
    protected abstract Task<(string Token, TimeSpan Lifetime)> FetchAsync(CancellationToken cancellationToken);

    /// <summary>Reads <c>access_token</c> and <c>expires_in</c> (seconds) or <c>expires_on</c> (epoch seconds) from a token response.</summary>
    /// <summary>
    /// Sends one token request within <paramref name="attemptTimeout"/> and reads the token response; every
    /// failure (status, transport, time-out, malformed body) becomes a <see cref="ChannelTokenException"/> naming
    /// <paramref name="source"/>. A cancellation by the caller is passed through unchanged.
    /// </summary>
    protected async Task<(string Token, TimeSpan Lifetime)> RequestTokenAsync(
        HttpClient client, HttpRequestMessage request, TimeSpan attemptTimeout, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(attemptTimeout);
        try
        {
            using var response = await client.SendAsync(request, cts.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ChannelTokenException($"The {source} answered {(int)response.StatusCode} for the bot's token.");
            }

            return ReadTokenResponse(body);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ChannelTokenException($"The bot's token could not be obtained from the {source}.", ex);
        }
    }

    protected (string Token, TimeSpan Lifetime) ReadTokenResponse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var token = root.TryGetProperty("access_token", out var t) ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new ChannelTokenException("The token response has no access_token.");
        }

        if (root.TryGetProperty("expires_in", out var ei) && TryReadSeconds(ei, out var seconds))
        {
            return (token, TimeSpan.FromSeconds(seconds));
        }

        if (root.TryGetProperty("expires_on", out var eo) && TryReadSeconds(eo, out var epoch))
        {
            return (token, DateTimeOffset.FromUnixTimeSeconds(epoch) - _time.GetUtcNow());
        }

        return (token, TimeSpan.FromMinutes(30));
    }

    private static bool TryReadSeconds(JsonElement element, out long seconds)
    {
        seconds = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out seconds),
            JsonValueKind.String => long.TryParse(element.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out seconds),
            _ => false,
        };
    }
}

/// <summary>
/// OAuth2 client credentials (MultiTenant, SingleTenant): <c>POST {ToChannelFromBotLoginUrl}/oauth2/v2.0/token</c>
/// with <c>scope={ToChannelFromBotOAuthScope}/.default</c>.
/// </summary>
public sealed class ClientCredentialsTokenProvider : CachingTokenProvider
{
    private readonly BotFrameworkOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;

    public ClientCredentialsTokenProvider(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time)
        : base(time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
    }

    /// <summary>The token endpoint in use.</summary>
    public Uri TokenEndpoint => new(_options.EffectiveLoginUrl + "/oauth2/v2.0/token");

    protected override async Task<(string Token, TimeSpan Lifetime)> FetchAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _options.MicrosoftAppId ?? "",
            ["client_secret"] = _options.MicrosoftAppPassword ?? "",
            ["scope"] = _options.ToChannelFromBotOAuthScope.TrimEnd('/') + "/.default",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        return await RequestTokenAsync(_httpClientFactory.CreateClient(BotFrameworkHttpClients.Login), request,
            _options.Connector.AttemptTimeout, "login endpoint", cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// A user-assigned managed identity (UserAssignedMSI): Azure App Service's identity endpoint
/// (<c>IDENTITY_ENDPOINT</c> + <c>IDENTITY_HEADER</c>) when present, else the instance metadata service.
/// </summary>
public sealed class ManagedIdentityTokenProvider : CachingTokenProvider
{
    private static readonly Uri ImdsEndpoint = new("http://169.254.169.254/metadata/identity/oauth2/token");
    private readonly BotFrameworkOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;

    public ManagedIdentityTokenProvider(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time)
        : base(time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
    }

    protected override async Task<(string Token, TimeSpan Lifetime)> FetchAsync(CancellationToken cancellationToken)
    {
        var resource = Uri.EscapeDataString(_options.ToChannelFromBotOAuthScope);
        var clientId = Uri.EscapeDataString(_options.MicrosoftAppId ?? "");
        var endpoint = Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT");
        var header = Environment.GetEnvironmentVariable("IDENTITY_HEADER");
        using var request = !string.IsNullOrEmpty(endpoint) && !string.IsNullOrEmpty(header)
            ? new HttpRequestMessage(HttpMethod.Get, $"{endpoint}?api-version=2019-08-01&resource={resource}&client_id={clientId}")
            : new HttpRequestMessage(HttpMethod.Get, $"{ImdsEndpoint}?api-version=2018-02-01&resource={resource}&client_id={clientId}");
        if (!string.IsNullOrEmpty(endpoint) && !string.IsNullOrEmpty(header))
        {
            request.Headers.TryAddWithoutValidation("X-IDENTITY-HEADER", header);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Metadata", "true");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await RequestTokenAsync(_httpClientFactory.CreateClient(BotFrameworkHttpClients.Login), request,
            _options.Connector.AttemptTimeout, "managed identity endpoint", cancellationToken).ConfigureAwait(false);
    }
}
