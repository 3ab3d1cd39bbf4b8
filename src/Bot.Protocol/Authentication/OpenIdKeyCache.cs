using System.Text.Json;
using Bot.Protocol.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Protocol.Authentication;

/// <summary>A signing key from a JWKS document with the channel ids it is endorsed for (empty: none listed).</summary>
public sealed record EndorsedSigningKey(SecurityKey Key, IReadOnlyList<string> Endorsements);

/// <summary>
/// The signing keys published at one OpenID metadata URL (metadata → <c>jwks_uri</c> → keys). Keys are
/// cached for <see cref="BotFrameworkOptions.OpenIdRefreshInterval"/> and fetched again when a token names
/// an unknown <c>kid</c> (at most once per <see cref="BotFrameworkOptions.OpenIdMinimumRefreshInterval"/>),
/// so key rotation works without letting forged key ids hammer the provider. The raw JWKS JSON is read
/// here because <c>endorsements</c> is not part of the standard key model.
/// </summary>
public sealed class OpenIdKeyCache
{
    private readonly Uri _metadataUrl;
    private readonly Func<HttpClient> _httpClient;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _minimumRefreshInterval;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, EndorsedSigningKey> _keys = new Dictionary<string, EndorsedSigningKey>(StringComparer.Ordinal);
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public OpenIdKeyCache(Uri metadataUrl, Func<HttpClient> httpClient, TimeProvider time, TimeSpan refreshInterval, TimeSpan minimumRefreshInterval)
    {
        _metadataUrl = metadataUrl;
        _httpClient = httpClient;
        _time = time;
        _refreshInterval = refreshInterval;
        _minimumRefreshInterval = minimumRefreshInterval;
    }

    /// <summary>Why the last fetch failed (null after a successful one); with <see cref="HasKeys"/> false, every token is refused.</summary>
    public string? LastError { get; private set; }

    /// <summary>True once signing keys were fetched (they are kept when later fetches fail).</summary>
    public bool HasKeys => _keys.Count > 0;

    public Uri MetadataUrl => _metadataUrl;

    /// <summary>The key with this id, refreshing the cache when it is stale or does not know the id; null when unknown.</summary>
    public async Task<EndorsedSigningKey?> GetKeyAsync(string kid, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var keys = _keys;
        var stale = now - _fetchedAt > _refreshInterval;
        if (!stale && keys.TryGetValue(kid, out var known))
        {
            return known;
        }

        if (!stale && now - _fetchedAt < _minimumRefreshInterval)
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while this one waited.
            now = _time.GetUtcNow();
            if (now - _fetchedAt >= _minimumRefreshInterval || now - _fetchedAt > _refreshInterval)
            {
                try
                {
                    _keys = await FetchAsync(cancellationToken).ConfigureAwait(false);
                    _fetchedAt = now;
                    LastError = null;
                }
                catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // Keep serving the last good keys when the provider is unreachable.
                    LastError = ex.GetType().Name + ": " + ex.Message;
                    if (_keys.Count == 0)
                    {
                        throw new BotAuthenticationException($"OpenID metadata at {_metadataUrl} could not be read: {ex.Message}", ex);
                    }
                }
            }

            return _keys.TryGetValue(kid, out var key) ? key : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, EndorsedSigningKey>> FetchAsync(CancellationToken cancellationToken)
    {
        var http = _httpClient();
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(_metadataUrl, cancellationToken).ConfigureAwait(false));
        if (!metadata.RootElement.TryGetProperty("jwks_uri", out var jwksElement)
            || !Uri.TryCreate(jwksElement.GetString(), UriKind.Absolute, out var jwksUri)
            || !BotFrameworkOptionsValidator.IsSecureOrLoopback(jwksUri))
        {
            throw new InvalidOperationException("The OpenID metadata has no usable https jwks_uri.");
        }

        var jwksJson = await http.GetStringAsync(jwksUri, cancellationToken).ConfigureAwait(false);
        using var jwks = JsonDocument.Parse(jwksJson);
        var result = new Dictionary<string, EndorsedSigningKey>(StringComparer.Ordinal);
        if (!jwks.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException("The JWKS document has no keys array.");
        }

        foreach (var element in keys.EnumerateArray())
        {
            JsonWebKey key;
            try
            {
                key = new JsonWebKey(element.GetRawText());
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (string.IsNullOrEmpty(key.Kid))
            {
                continue;
            }

            var endorsements = new List<string>();
            if (element.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array)
            {
                endorsements.AddRange(e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
            }

            result[key.Kid] = new EndorsedSigningKey(key, endorsements);
        }

        return result;
    }
}
