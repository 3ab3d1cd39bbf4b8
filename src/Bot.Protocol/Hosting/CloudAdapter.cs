using System.Security.Claims;
using System.Text.Json;
using Bot.Protocol.Authentication;
using Bot.Protocol.Builder;
using Bot.Protocol.Connector;
using Bot.Protocol.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Protocol.Hosting;

/// <summary>
/// Runs turns (mirrors the SDK's <c>CloudAdapter</c>): reads and authenticates an inbound activity,
/// calls the bot, sends what the turn produced through the Connector, and writes the HTTP result.
/// Registered as a singleton by <see cref="BotFrameworkServiceCollectionExtensions.AddBotFramework"/>.
/// </summary>
public sealed class CloudAdapter
{
    private const string ExpectRepliesKey = "BotFramework.ExpectReplies";
    private readonly IBotFrameworkAuthenticator _authenticator;
    private readonly IConnectorClient _connector;
    private readonly ServiceUrlTrust _trust;
    private readonly BotFrameworkOptions _options;
    private readonly ILogger<CloudAdapter> _logger;
    private readonly IInboundActivityGate[] _gates;
    private readonly JsonSerializerOptions _readOptions;

    public CloudAdapter(
        IBotFrameworkAuthenticator authenticator,
        IConnectorClient connector,
        ServiceUrlTrust trust,
        IOptions<BotFrameworkOptions> options,
        ILogger<CloudAdapter> logger,
        IEnumerable<IInboundActivityGate>? gates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator;
        _connector = connector;
        _trust = trust;
        _options = options.Value;
        _logger = logger;
        _gates = gates?.ToArray() ?? [];

        // Deeper JSON than MaxJsonDepth is not an activity (JsonException: 400), whatever field it hides in.
        _readOptions = new JsonSerializerOptions(ProtocolJson.Options) { MaxDepth = _options.MaxJsonDepth };
        _readOptions.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>
    /// Called when a turn throws. The default logs the error (never the message text) and tries to tell
    /// the user something went wrong; set it to change that. When it throws too, the request gets 500.
    /// </summary>
    public Func<ITurnContext, Exception, Task>? OnTurnError { get; set; }

    /// <summary>
    /// Handles one <c>POST /api/messages</c> request: 405 for other methods, 415 for a body that is not
    /// JSON, 413 above <see cref="BotFrameworkOptions.MaxActivityBytes"/>, 400 for a body that is not an
    /// activity (or has no usable serviceUrl or no conversation id, or is nested deeper than
    /// <see cref="BotFrameworkOptions.MaxJsonDepth"/>; 400 with an ErrorResponse when an anonymous activity names an
    /// untrusted serviceUrl or an <see cref="IInboundActivityGate"/> refuses it, 429 with Retry-After from a rate limit), 401 when authentication fails (nothing is sent), then the
    /// turn: 200 with an empty body, the invoke response's status and body for invokes (501 when the bot
    /// gave none), or 200 with <c>{activities:[...]}</c> for <c>deliveryMode: expectReplies</c>.
    /// </summary>
    public async Task ProcessAsync(HttpRequest request, HttpResponse response, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(bot);

        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!IsJson(request.ContentType))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        if (request.ContentLength > _options.MaxActivityBytes)
        {
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request.Body, _options.MaxActivityBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, _readOptions);
        }
        catch (JsonException)
        {
            activity = null;
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type) || !TryGetServiceUrl(activity, out _) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            _logger.LogInformation("Rejected a request whose body is not a usable activity.");
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        InboundAuthResult auth;
        try
        {
            auth = await _authenticator.AuthenticateAsync(request.Headers.Authorization.ToString(), activity, cancellationToken).ConfigureAwait(false);
        }
        catch (BotAuthenticationException ex)
        {
            _logger.LogWarning("Unauthorized {ActivityType} activity on channel {ChannelId}: {Reason}", activity.Type, activity.ChannelId, ex.Message);
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        TryGetServiceUrl(activity, out var serviceUrl);
        if (auth.IsAuthenticated)
        {
            _trust.MarkAuthenticated(serviceUrl!);
        }
        else if (_trust.Decide(serviceUrl!) == OutboundCredential.Untrusted)
        {
            // Server-side request forgery guard: an anonymous activity may only name a loopback or configured
            // service URL, so nobody can make the bot post to an address of their choosing.
            _logger.LogWarning("Refused a {ActivityType} activity whose service URL host {Host} is neither loopback nor configured (TrustedServiceUrls).", activity.Type, serviceUrl!.Host);
            await WriteRejectionAsync(response, new ActivityRejection(StatusCodes.Status400BadRequest, "ServiceUrlNotAllowed", "The activity's serviceUrl is not a trusted Connector endpoint."), cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var gate in _gates)
        {
            if (gate.Check(activity, auth, request.HttpContext) is { } rejection)
            {
                _logger.LogInformation("Refused a {ActivityType} activity: {Code}.", activity.Type, rejection.Code);
                await WriteRejectionAsync(response, rejection, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var (invokeResponse, replies, failed) = await RunTurnAsync(activity, auth.Identity, bot, cancellationToken).ConfigureAwait(false);
        if (failed)
        {
            response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.Ordinal))
        {
            invokeResponse ??= new InvokeResponse(StatusCodes.Status501NotImplemented);
            response.StatusCode = invokeResponse.Status;
            if (invokeResponse.Body is not null)
            {
                response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(response.Body, invokeResponse.Body, invokeResponse.Body.GetType(), ProtocolJson.Options, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        if (replies is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, new { activities = replies }, ProtocolJson.Options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a turn for an activity delivered by a <b>trusted in-process channel</b> (the self-hosted
    /// Direct Line), without an inbound JWT. The caller vouches for the activity: it must set
    /// <c>type</c>, <c>channelId</c>, <c>conversation.id</c>, <c>from</c>, <c>recipient</c> and
    /// <c>serviceUrl</c> (its own Connector-style base URL). The bot's replies go out through the normal
    /// Connector client to that serviceUrl; register the URL with <see cref="ITrustedServiceUrls.Add"/>
    /// so they are sent without a bearer token (and without any token fetch) in anonymous and
    /// authenticated mode alike.
    /// </summary>
    /// <returns>The invoke response for an invoke activity (501 when the bot gave none), otherwise null.</returns>
    /// <exception cref="ArgumentException">The activity has no type or no absolute http(s) serviceUrl.</exception>
    /// <exception cref="InvalidOperationException">The turn failed and the turn-error handler failed too.</exception>
    public async Task<InvokeResponse?> ProcessTrustedActivityAsync(Activity activity, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(bot);
        if (string.IsNullOrWhiteSpace(activity.Type) || !TryGetServiceUrl(activity, out _) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            throw new ArgumentException("A trusted activity needs a type, an absolute http(s) serviceUrl and a conversation id.", nameof(activity));
        }

        var identity = new ClaimsIdentity("trusted-in-process");
        var (invokeResponse, _, failed) = await RunTurnAsync(activity, identity, bot, cancellationToken).ConfigureAwait(false);
        if (failed)
        {
            throw new InvalidOperationException("The turn failed; see the log.");
        }

        return string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.Ordinal)
            ? invokeResponse ?? new InvokeResponse(StatusCodes.Status501NotImplemented)
            : null;
    }

    private async Task<(InvokeResponse? Invoke, List<Activity>? Replies, bool Failed)> RunTurnAsync(
        Activity activity, ClaimsIdentity identity, IBot bot, CancellationToken cancellationToken)
    {
        activity.CallerId = null; // never trusted from the wire (spec A2251)
        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.Ordinal);
        var buffered = expectReplies ? new List<Activity>() : null;
        var context = new TurnContext(activity, (outgoing, ct) => SendAsync(activity, outgoing, buffered, ct), identity);
        using var scope = _logger.BeginScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["ChannelId"] = activity.ChannelId,
            ["ActivityType"] = activity.Type,
            ["ActivityId"] = activity.Id,
        });
        try
        {
            await bot.OnTurnAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(ex, "The turn for a {ActivityType} activity failed.", activity.Type);
            try
            {
                if (OnTurnError is not null)
                {
                    await OnTurnError(context, ex).ConfigureAwait(false);
                }
                else
                {
                    return (null, null, true);
                }
            }
            catch (Exception inner) when (inner is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogError(inner, "The turn-error handler failed as well.");
                return (null, null, true);
            }
        }

        return (context.InvokeResponse, buffered, false);
    }

    private async Task<ResourceResponse?> SendAsync(Activity inbound, Activity outgoing, List<Activity>? buffered, CancellationToken cancellationToken)
    {
        // The SDK sends trace activities only to the Emulator.
        if (string.Equals(outgoing.Type, ActivityTypes.Trace, StringComparison.Ordinal)
            && !string.Equals(inbound.ChannelId, Channels.Emulator, StringComparison.Ordinal))
        {
            return null;
        }

        if (buffered is not null)
        {
            buffered.Add(outgoing);
            return new ResourceResponse(Guid.NewGuid().ToString("N"));
        }

        TryGetServiceUrl(outgoing, out var serviceUrl);
        var conversationId = outgoing.Conversation?.Id;
        if (serviceUrl is null || string.IsNullOrEmpty(conversationId))
        {
            throw new InvalidOperationException("The outgoing activity has no serviceUrl or conversation id.");
        }

        var response = string.IsNullOrEmpty(outgoing.ReplyToId)
            ? await _connector.SendToConversationAsync(serviceUrl, conversationId, outgoing, cancellationToken).ConfigureAwait(false)
            : await _connector.ReplyToActivityAsync(serviceUrl, conversationId, outgoing.ReplyToId, outgoing, cancellationToken).ConfigureAwait(false);
        _logger.LogDebug("Sent a {ActivityType} activity.", outgoing.Type);
        return response;
    }

    /// <summary>The status, <c>Retry-After</c> (whole seconds, at least 1) and an ErrorResponse body <c>{"error":{"code","message"}}</c>.</summary>
    private static async Task WriteRejectionAsync(HttpResponse response, ActivityRejection rejection, CancellationToken cancellationToken)
    {
        response.StatusCode = rejection.StatusCode;
        if (rejection.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json; charset=utf-8";
        var body = new ErrorResponse { Error = new ErrorBody { Code = rejection.Code, Message = rejection.Message } };
        await JsonSerializer.SerializeAsync(response.Body, body, ProtocolJson.Options, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryGetServiceUrl(Activity activity, out Uri? serviceUrl)
    {
        serviceUrl = null;
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        serviceUrl = uri;
        return true;
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException("The body is larger than the limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
