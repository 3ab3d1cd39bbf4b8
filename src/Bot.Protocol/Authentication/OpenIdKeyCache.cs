using System.Text.Json;
using Bot.Protocol.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Protocol.Authentication;

/// <summary>A signing key from a JWKS document with the channel ids it is endorsed for (empty: none listed).</summary>
public sealed record EndorsedSigningKey(SecurityKey Key, IReadOnlyList<string> Endorsements);

/// <summary>
/// The signing keys published at one OpenID metadata URL (metadata → <c>jwks_uri</c> → keys). The raw JWKS
/// JSON is read here because <c>endorsements</c> is not part of the standard key model.
/// <list type="bullet">
/// <item>Keys are used for <see cref="BotFrameworkOptions.OpenIdRefreshInterval"/>, then fetched again <b>in the
/// background</b>: a request never waits for the refresh of keys it already has, and stale keys keep validating
/// while the provider is slow or down (the SDK does the same with its cached configuration).</item>
/// <item>One fetch at a time (single flight), bounded by <see cref="BotFrameworkOptions.OpenIdFetchTimeout"/>; after a
/// failure the next one waits <see cref="BotFrameworkOptions.OpenIdFailureBackoff"/>, doubling up to 5 minutes.</item>
/// <item>A token naming an unknown <c>kid</c> (key rotation) or arriving before any keys were fetched shares the one
/// fetch in flight for at most the fetch timeout; unknown ids start a fetch at most once per
/// <see cref="BotFrameworkOptions.OpenIdMinimumRefreshInterval"/>, so forged key ids cannot hammer the provider.</item>
/// </list>
/// </summary>
public sealed class OpenIdKeyCache
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly Uri _metadataUrl;
    private readonly Func<HttpClient> _httpClient;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _minimumRefreshInterval;
    private readonly TimeSpan _fetchTimeout;
    private readonly TimeSpan _failureBackoff;
    private readonly object _lock = new();
    private IReadOnlyDictionary<string, EndorsedSigningKey> _keys = new Dictionary<string, EndorsedSigningKey>(StringComparer.Ordinal);
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastStarted = DateTimeOffset.MinValue;
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;
    private int _failures;
    private Task? _inFlight;
    private volatile string? _lastError;

    public OpenIdKeyCache(Uri metadataUrl, Func<HttpClient> httpClient, TimeProvider time, TimeSpan refreshInterval, TimeSpan minimumRefreshInterval)
        : this(metadataUrl, httpClient, time, refreshInterval, minimumRefreshInterval, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2))
    {
    }

    public OpenIdKeyCache(
        Uri metadataUrl, Func<HttpClient> httpClient, TimeProvider time, TimeSpan refreshInterval, TimeSpan minimumRefreshInterval, TimeSpan fetchTimeout, TimeSpan failureBackoff)
    {
        _metadataUrl = metadataUrl;
        _httpClient = httpClient;
        _time = time;
        _refreshInterval = refreshInterval;
        _minimumRefreshInterval = minimumRefreshInterval;
        _fetchTimeout = fetchTimeout;
        _failureBackoff = failureBackoff;
    }

    /// <summary>Why the last fetch failed (null after a successful one); with <see cref="HasKeys"/> false, every token is refused.</summary>
    public string? LastError => _lastError;

    /// <summary>True once signing keys were fetched (they are kept when later fetches fail).</summary>
    public bool HasKeys => _keys.Count > 0;

    /// <summary>True while a fetch runs.</summary>
    public bool IsFetching
    {
        get
        {
            lock (_lock)
            {
                return _inFlight is { IsCompleted: false };
            }
        }
    }

    public Uri MetadataUrl => _metadataUrl;

    /// <summary>The key with this id; null when the provider does not publish it. Never waits for a refresh of keys it has.</summary>
    public async Task<EndorsedSigningKey?> GetKeyAsync(string kid, CancellationToken cancellationToken)
    {
        var keys = _keys;
        if (keys.TryGetValue(kid, out var known))
        {
            RefreshIfDue();
            return known;
        }

        // An unknown key id (rotation, or a forged id), or no keys yet: share one fetch, for at most the fetch timeout.
        Task? fetch;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            fetch = _inFlight is { IsCompleted: false } running
                ? running
                : (keys.Count == 0 || now - _lastStarted >= _minimumRefreshInterval) && now >= _notBefore ? StartLocked(now) : null;
        }

        if (fetch is not null)
        {
            try
            {
                await fetch.WaitAsync(_fetchTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The fetch goes on in the background; this request is answered now.
            }
        }

        keys = _keys;
        if (keys.Count == 0)
        {
            throw new BotAuthenticationException($"OpenID metadata at {_metadataUrl} could not be read: {LastError ?? "the fetch did not finish in time"}.");
        }

        return keys.TryGetValue(kid, out var key) ? key : null;
    }

    /// <summary>Starts a background fetch when the keys are missing or stale and no fetch runs or waits out a backoff; never waits.</summary>
    public void RefreshIfDue()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var due = _keys.Count == 0 || now - _fetchedAt > _refreshInterval;
            if (due && _inFlight is null or { IsCompleted: true } && now >= _notBefore)
            {
                StartLocked(now);
            }
        }
    }

    private Task StartLocked(DateTimeOffset now)
    {
        _lastStarted = now;
        _inFlight = Task.Run(FetchAndStoreAsync);
        return _inFlight;
    }

    private async Task FetchAndStoreAsync()
    {
        // Its own time limit, not a request's token: one abandoned request must not cancel the fetch others wait for.
        using var timeout = new CancellationTokenSource(_fetchTimeout);
        try
        {
            var keys = await FetchAsync(timeout.Token).ConfigureAwait(false);
            lock (_lock)
            {
                _keys = keys;
                _fetchedAt = _time.GetUtcNow();
                _failures = 0;
                _notBefore = DateTimeOffset.MinValue;
                _lastError = null;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or OperationCanceledException or ArgumentException)
        {
            // Keep serving the last good keys; wait longer after each failure before asking again.
            lock (_lock)
            {
                _failures++;
                var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, _failureBackoff.Ticks * (1L << Math.Min(_failures - 1, 20))));
                _notBefore = _time.GetUtcNow() + backoff;
                _lastError = ex is OperationCanceledException
                    ? $"no answer within {_fetchTimeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s"
                    : ex.GetType().Name + ": " + ex.Message;
            }
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
