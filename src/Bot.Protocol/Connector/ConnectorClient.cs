using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bot.Protocol.Diagnostics;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Protocol.Connector;

/// <summary>The channel's Connector REST API (protocol.md §2.1).</summary>
public interface IConnectorClient
{
    /// <summary><c>POST {serviceUrl}v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse?> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST {serviceUrl}v3/conversations/{conversationId}/activities</c>.</summary>
    Task<ResourceResponse?> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);
}

/// <summary>A Connector call failed for good (after retries, or with a status that is not retried).</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConnectorException(string message, HttpStatusCode? statusCode, string? errorCode, int attempts, Exception? innerException = null, bool mayHaveArrived = false)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Attempts = attempts;
        MayHaveArrived = mayHaveArrived;
    }

    /// <summary>
    /// True when the last attempt may have reached the channel although no success came back (a timeout, a
    /// connection cut after sending, a 502/504): it is not retried, so the user never gets the same answer twice.
    /// </summary>
    public bool MayHaveArrived { get; }

    /// <summary>The last HTTP status, or null when no response came (timeout, network error).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>error.code</c> of the Connector's ErrorResponse, when it sent one.</summary>
    public string? ErrorCode { get; }

    public int Attempts { get; }
}

/// <summary>
/// Backoff between Connector attempts: exponential from <see cref="ConnectorOptions.RetryBaseDelay"/> with
/// jitter (half fixed, half random), capped at <see cref="ConnectorOptions.MaxRetryDelay"/>; a server's
/// <c>Retry-After</c> wins over the computed delay. Override <see cref="DelayAsync"/> in tests to observe waits.
/// </summary>
public class ConnectorRetryPolicy
{
    private readonly ConnectorOptions _options;

    public ConnectorRetryPolicy(IOptions<BotFrameworkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Connector;
    }

    /// <summary>
    /// Statuses worth another attempt of a (non-idempotent) send: 429 and 503, where the channel says it did not
    /// take the activity. A 502 or 504 comes from a gateway that may have passed it on, so it is not retried.
    /// </summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    /// <summary>Transport failures where nothing was sent: no connection (refused, unreachable), no name, no TLS session.</summary>
    public static bool CertainlyNotSent(HttpRequestException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempt counts from 1).</summary>
    public virtual TimeSpan ComputeDelay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } ra && ra >= TimeSpan.Zero)
        {
            return ra;
        }

        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        var jittered = (capped / 2) + (Random.Shared.NextDouble() * capped / 2);
        return TimeSpan.FromMilliseconds(jittered);
    }

    public virtual Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}

/// <summary>
/// Sends activities to the Connector: URLs built relative to <c>serviceUrl</c> (its path, e.g. Teams'
/// <c>/amer/</c>, is kept) with escaped ids; nothing at all to a service URL <see cref="ServiceUrlTrust"/>
/// does not trust, and the bot's token only where it allows it (a 401/403 retries once with a fresh token).
/// A send is not idempotent, so it is retried only when it certainly did not arrive: 429 or 503 (after
/// Retry-After, or a jittered backoff, when that fits in the call's time) and connections that never opened;
/// never after a timeout or a 502/504. Each attempt and the whole call are bounded in time (and by the turn's
/// deadline through the token), and at most <see cref="ConnectorOptions.MaxConcurrentCalls"/> calls are in flight.
/// </summary>
public sealed class ConnectorClient : IConnectorClient
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ServiceUrlTrust _trust;
    private readonly IChannelTokenProvider? _tokens;
    private readonly ConnectorRetryPolicy _retry;
    private readonly ConnectorOptions _options;
    private readonly ILogger<ConnectorClient> _logger;
    private readonly SemaphoreSlim _slots;

    public ConnectorClient(
        IHttpClientFactory httpClientFactory,
        ServiceUrlTrust trust,
        ConnectorRetryPolicy retry,
        IOptions<BotFrameworkOptions> options,
        ILogger<ConnectorClient> logger,
        IChannelTokenProvider? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _trust = trust;
        _tokens = tokens;
        _retry = retry;
        _options = options.Value.Connector;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrentCalls, _options.MaxConcurrentCalls);
    }

    /// <summary>Connector calls in flight now.</summary>
    public int CallsInFlight => _options.MaxConcurrentCalls - _slots.CurrentCount;

    public Task<ResourceResponse?> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        PostAsync(BuildUrl(serviceUrl, conversationId, activityId), serviceUrl, activity, cancellationToken);

    public Task<ResourceResponse?> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        PostAsync(BuildUrl(serviceUrl, conversationId, null), serviceUrl, activity, cancellationToken);

    /// <summary>
    /// <c>{serviceUrl}/v3/conversations/{conversationId}/activities[/{activityId}]</c>, appended to the service
    /// URL's own path (never rooted, which would drop <c>/amer/</c>), ids escaped with <c>Uri.EscapeDataString</c>.
    /// </summary>
    public static Uri BuildUrl(Uri serviceUrl, string conversationId, string? activityId)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var baseUrl = serviceUrl.GetLeftPart(UriPartial.Path);
        var sb = new StringBuilder(baseUrl);
        if (!baseUrl.EndsWith('/'))
        {
            sb.Append('/');
        }

        sb.Append("v3/conversations/").Append(Uri.EscapeDataString(conversationId)).Append("/activities");
        if (!string.IsNullOrEmpty(activityId))
        {
            sb.Append('/').Append(Uri.EscapeDataString(activityId));
        }

        return new Uri(sb.ToString());
    }

    private async Task<ResourceResponse?> PostAsync(Uri url, Uri serviceUrl, Activity activity, CancellationToken cancellationToken)
    {
        var credential = _trust.Decide(serviceUrl);
        if (credential == OutboundCredential.Untrusted)
        {
            _logger.LogWarning("Refused to post to service URL host {Host}: it did not arrive on an authenticated activity and is not trusted (TrustedServiceUrls, loopback in anonymous mode).", serviceUrl.Host);
            throw new ConnectorException("The service URL is not trusted; nothing was sent.", null, "ServiceUrlNotAllowed", 0);
        }

        var useToken = credential == OutboundCredential.BotToken;
        if (useToken && _tokens is null)
        {
            throw new ConnectorException("No token provider is configured for an authenticated bot.");
        }

        var json = JsonSerializer.Serialize(activity, ProtocolJson.Options);
        using var callCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        callCts.CancelAfter(_options.CallTimeout);
        var started = DateTimeOffset.UtcNow;
        try
        {
            await _slots.WaitAsync(callCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorException($"No Connector call slot came free within {_options.CallTimeout} (Connector:MaxConcurrentCalls); nothing was sent.", null, "Overloaded", 0, ex);
        }

        try
        {
            return await SendWithRetriesAsync(url, json, useToken, started, callCts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<ResourceResponse?> SendWithRetriesAsync(
        Uri url, string json, bool useToken, DateTimeOffset started, CancellationTokenSource callCts, CancellationToken cancellationToken)
    {
        var forceRefresh = false;
        var authRetried = false;
        HttpStatusCode? lastStatus = null;
        string? lastCode = null;
        Exception? lastError = null;
        var attempt = 0;
        while (true)
        {
            attempt++;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(json, Encoding.UTF8, "application/json"),
                };
                if (useToken)
                {
                    var token = await _tokens!.GetTokenAsync(forceRefresh, callCts.Token).ConfigureAwait(false);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(callCts.Token);
                attemptCts.CancelAfter(_options.AttemptTimeout);
                using var response = await _httpClientFactory.CreateClient(BotFrameworkHttpClients.Connector)
                    .SendAsync(request, attemptCts.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(attemptCts.Token).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted)
                {
                    return ReadResourceResponse(body);
                }

                lastStatus = response.StatusCode;
                lastCode = ReadErrorCode(body);
                if (useToken && !authRetried && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    // Refused before it was processed: safe to send again, once, with a fresh token.
                    authRetried = true;
                    forceRefresh = true;
                    attempt--;
                    continue;
                }

                if (!ConnectorRetryPolicy.IsTransient(response.StatusCode))
                {
                    var mayHaveArrived = response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;
                    throw new ConnectorException(
                        $"The Connector answered {(int)response.StatusCode}{(lastCode is null ? "" : " (" + LogText.Field(lastCode) + ")")}.",
                        response.StatusCode, lastCode, attempt, null, mayHaveArrived);
                }

                retryAfter = ReadRetryAfter(response);
                _logger.LogWarning("Connector answered {Status} on attempt {Attempt}.", (int)response.StatusCode, attempt);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The attempt or the call ran out of time after the request may have been sent: never sent again.
                var what = callCts.IsCancellationRequested ? $"the call's {_options.CallTimeout}" : $"the attempt's {_options.AttemptTimeout}";
                throw new ConnectorException($"The Connector did not answer within {what}; not retried (the activity may have arrived).", lastStatus, lastCode, attempt, ex, mayHaveArrived: true);
            }
            catch (HttpRequestException ex) when (!ConnectorRetryPolicy.CertainlyNotSent(ex))
            {
                throw new ConnectorException($"The Connector call failed ({ex.HttpRequestError}); not retried (the activity may have arrived).", null, null, attempt, ex, mayHaveArrived: true);
            }
            catch (HttpRequestException ex)
            {
                lastError = ex;
                lastStatus = null;
                _logger.LogWarning("Connector attempt {Attempt} failed before sending: {Error}.", attempt, ex.HttpRequestError);
            }

            if (attempt >= _options.MaxAttempts)
            {
                break;
            }

            var delay = _retry.ComputeDelay(attempt, retryAfter);
            if (DateTimeOffset.UtcNow - started + delay >= _options.CallTimeout)
            {
                break;
            }

            try
            {
                await _retry.DelayAsync(delay, callCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ConnectorException($"The Connector call took longer than {_options.CallTimeout}.", lastStatus, lastCode, attempt, ex);
            }
        }

        throw new ConnectorException(
            $"The Connector call failed after {attempt} attempts (last: {(lastStatus is null ? "no connection" : ((int)lastStatus).ToString(System.Globalization.CultureInfo.InvariantCulture))}); it did not arrive.",
            lastStatus, lastCode, attempt, lastError);
    }

    private static ResourceResponse? ReadResourceResponse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ResourceResponse>(body, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadErrorCode(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<ErrorResponse>(body, ProtocolJson.Options)?.Error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
