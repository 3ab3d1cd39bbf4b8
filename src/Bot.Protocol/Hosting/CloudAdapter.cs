using System.Security.Claims;
using System.Text.Json;
using Bot.Protocol.Authentication;
using Bot.Protocol.Builder;
using Bot.Protocol.Connector;
using Bot.Protocol.Diagnostics;
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
    private readonly IActivityDeduplicator? _deduplicator;
    private readonly SemaphoreSlim _turnSlots;
    private readonly LogThrottle _rejectionLog;
    private long _undelivered;
    private long _shed;
    private long _duplicates;
    private long _timedOut;

    public CloudAdapter(
        IBotFrameworkAuthenticator authenticator,
        IConnectorClient connector,
        ServiceUrlTrust trust,
        IOptions<BotFrameworkOptions> options,
        ILogger<CloudAdapter> logger,
        IEnumerable<IInboundActivityGate>? gates = null,
        IActivityDeduplicator? deduplicator = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator;
        _connector = connector;
        _trust = trust;
        _options = options.Value;
        _logger = logger;
        _gates = gates?.ToArray() ?? [];
        _deduplicator = deduplicator;
        _turnSlots = new SemaphoreSlim(_options.Turns.MaxConcurrent, _options.Turns.MaxConcurrent);
        _rejectionLog = new LogThrottle(time ?? TimeProvider.System);

        // Deeper JSON than MaxJsonDepth is not an activity (JsonException: 400), whatever field it hides in.
        _readOptions = new JsonSerializerOptions(ProtocolJson.Options) { MaxDepth = _options.MaxJsonDepth };
        _readOptions.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>
    /// Called when a turn throws. The default logs the error (never the message text) and tries to tell
    /// the user something went wrong; set it to change that. When it throws too, the request gets 500.
    /// </summary>
    public Func<ITurnContext, Exception, Task>? OnTurnError { get; set; }

    /// <summary>Replies that could not be delivered (Connector failed, or the turn's deadline passed) since start.</summary>
    public long UndeliveredReplies => Interlocked.Read(ref _undelivered);

    /// <summary>Activities answered 503 because <see cref="TurnOptions.MaxConcurrent"/> turns were running.</summary>
    public long ShedTurns => Interlocked.Read(ref _shed);

    /// <summary>Repeats of an already processed channel activity, answered without a second turn.</summary>
    public long DuplicateActivities => Interlocked.Read(ref _duplicates);

    /// <summary>Turns stopped by their deadline (<see cref="TurnOptions.Timeout"/>).</summary>
    public long TimedOutTurns => Interlocked.Read(ref _timedOut);

    /// <summary>Turns running now.</summary>
    public int TurnsInFlight => _options.Turns.MaxConcurrent - _turnSlots.CurrentCount;

    /// <summary>Log records about refused requests left out by the rate limit on them.</summary>
    public long SuppressedRejectionLogs => _rejectionLog.Suppressed;

    /// <summary>
    /// Handles one <c>POST /api/messages</c> request: 405 for other methods, 415 for a body that is not
    /// JSON, 413 above <see cref="BotFrameworkOptions.MaxActivityBytes"/>, 400 for a body that is not an
    /// activity (or has no usable serviceUrl or no conversation id, or is nested deeper than
    /// <see cref="BotFrameworkOptions.MaxJsonDepth"/>; 400 with an ErrorResponse when an anonymous activity names an
    /// untrusted serviceUrl or an <see cref="IInboundActivityGate"/> refuses it, 429 with Retry-After from a rate limit), 401 when authentication fails (nothing is sent), then the
    /// turn: 200 with an empty body, the invoke response's status and body for invokes (501 when the bot
    /// gave none), or 200 with <c>{activities:[...]}</c> for <c>deliveryMode: expectReplies</c>.
    /// 503 with Retry-After when <see cref="TurnOptions.MaxConcurrent"/> turns are running; 200 with no turn for a repeat
    /// of a channel activity already processed; 200 when a reply could not be delivered or the turn's deadline
    /// passed (logged with the conversation and activity id, and counted), so the channel does not resend it.
    /// The turn is cancelled when <paramref name="cancellationToken"/> (the request's) is, or when its deadline passes.
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
            if (_rejectionLog.Allow(_logger, "rejected request"))
            {
                _logger.LogInformation("Rejected a request whose body is not a usable activity.");
            }

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
            if (_rejectionLog.Allow(_logger, "rejected request"))
            {
                // Everything here came from an unauthenticated caller: cut and escaped, and rate-limited.
                _logger.LogWarning("Unauthorized {ActivityType} activity on channel {ChannelId}: {Reason}", LogText.Field(activity.Type), LogText.Field(activity.ChannelId), ex.Message);
            }

            response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        TryGetServiceUrl(activity, out var serviceUrl);
        if (auth.Kind == InboundAuthKind.Channel
            || (auth.Kind == InboundAuthKind.Emulator && BotFrameworkOptionsValidator.IsLoopback(serviceUrl!)))
        {
            // Only a channel token vouches for its service URL (its serviceurl claim); an Emulator token is a token
            // of the bot's own app registration, so it may only bring a local Emulator's URL.
            _trust.MarkAuthenticated(serviceUrl!);
        }
        else if (_trust.Decide(serviceUrl!) == OutboundCredential.Untrusted)
        {
            // Server-side request forgery guard: an anonymous (or Emulator) activity may only name a loopback or
            // configured service URL, so nobody can make the bot post to an address of their choosing.
            if (_rejectionLog.Allow(_logger, "rejected request"))
            {
                _logger.LogWarning("Refused a {ActivityType} activity whose service URL host {Host} is neither loopback nor configured (TrustedServiceUrls).", LogText.Field(activity.Type), LogText.Field(serviceUrl!.Host));
            }

            await WriteRejectionAsync(response, new ActivityRejection(StatusCodes.Status400BadRequest, "ServiceUrlNotAllowed", "The activity's serviceUrl is not a trusted Connector endpoint."), cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var gate in _gates)
        {
            if (await gate.CheckAsync(activity, auth, request.HttpContext, cancellationToken).ConfigureAwait(false) is { } rejection)
            {
                if (_rejectionLog.Allow(_logger, "refused activity"))
                {
                    _logger.LogInformation("Refused a {ActivityType} activity: {Code}.", LogText.Field(activity.Type), rejection.Code);
                }

                await WriteRejectionAsync(response, rejection, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (!_turnSlots.Wait(0, CancellationToken.None))
        {
            // Shed load before sockets, threads or memory run out; the channel retries after Retry-After.
            Interlocked.Increment(ref _shed);
            if (_rejectionLog.Allow(_logger, "shed turn"))
            {
                _logger.LogWarning("Refused a {ActivityType} activity with 503: {Max} turns are running (Turns:MaxConcurrent).", LogText.Field(activity.Type), _options.Turns.MaxConcurrent);
            }

            await WriteRejectionAsync(response, new ActivityRejection(StatusCodes.Status503ServiceUnavailable, "Overloaded", "The bot is busy; please retry shortly.", _options.Turns.RetryAfter), cancellationToken).ConfigureAwait(false);
            return;
        }

        TurnOutcome outcome;
        try
        {
            if (auth.Kind == InboundAuthKind.Channel && !await IsFirstDeliveryAsync(activity, cancellationToken).ConfigureAwait(false))
            {
                // A channel's retry of an activity that already had its turn (the first answer was late or its
                // response lost): answered once, so the user does not get the answer twice.
                Interlocked.Increment(ref _duplicates);
                _logger.LogInformation("Ignored a repeat of {ActivityType} activity {ActivityId} in conversation {ConversationId}.",
                    activity.Type, LogText.Field(activity.Id, 128), LogText.Field(activity.Conversation!.Id, 128));
                response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            outcome = await RunTurnAsync(activity, auth.Identity, bot, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turnSlots.Release();
        }

        var (invokeResponse, replies, status) = outcome;
        if (status == TurnStatus.Abandoned)
        {
            return;
        }

        if (status == TurnStatus.Failed)
        {
            response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.Ordinal))
        {
            invokeResponse ??= new InvokeResponse(status == TurnStatus.Completed ? StatusCodes.Status501NotImplemented : StatusCodes.Status200OK);
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
    /// <exception cref="BotOverloadedException"><see cref="TurnOptions.MaxConcurrent"/> turns are running; retry after its <c>RetryAfter</c>.</exception>
    public async Task<InvokeResponse?> ProcessTrustedActivityAsync(Activity activity, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(bot);
        if (string.IsNullOrWhiteSpace(activity.Type) || !TryGetServiceUrl(activity, out _) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            throw new ArgumentException("A trusted activity needs a type, an absolute http(s) serviceUrl and a conversation id.", nameof(activity));
        }

        var identity = new ClaimsIdentity("trusted-in-process");
        if (!_turnSlots.Wait(0, CancellationToken.None))
        {
            Interlocked.Increment(ref _shed);
            throw new BotOverloadedException(_options.Turns.RetryAfter);
        }

        TurnOutcome outcome;
        try
        {
            outcome = await RunTurnAsync(activity, identity, bot, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turnSlots.Release();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.Status == TurnStatus.Failed)
        {
            throw new InvalidOperationException("The turn failed; see the log.");
        }

        return string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.Ordinal)
            ? outcome.Invoke ?? new InvokeResponse(outcome.Status == TurnStatus.Completed ? StatusCodes.Status501NotImplemented : StatusCodes.Status200OK)
            : null;
    }

    private async ValueTask<bool> IsFirstDeliveryAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (_deduplicator is null || string.IsNullOrEmpty(activity.Id))
        {
            return true;
        }

        var key = string.Concat(activity.ChannelId, "\n", activity.Conversation?.Id, "\n", activity.Id);
        return await _deduplicator.TryBeginAsync(key, _options.Turns.DuplicateWindow, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TurnOutcome> RunTurnAsync(Activity activity, ClaimsIdentity identity, IBot bot, CancellationToken requestAborted)
    {
        activity.CallerId = null; // never trusted from the wire (spec A2251)
        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.Ordinal);
        var buffered = expectReplies ? new List<Activity>() : null;

        // One deadline for the whole turn, Connector calls and the error handler's message included, below the
        // channel's own timeout; and the turn stops when the inbound request is abandoned.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(_options.Turns.Timeout);
        var turnToken = deadline.Token;
        var context = new TurnContext(activity, (outgoing, ct) => SendWithinTurnAsync(activity, outgoing, buffered, ct, turnToken), identity);
        using var scope = _logger.BeginScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["ChannelId"] = LogText.Field(activity.ChannelId),
            ["ActivityType"] = LogText.Field(activity.Type),
            ["ActivityId"] = LogText.Field(activity.Id, 128),
        });
        try
        {
            await bot.OnTurnAsync(context, turnToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Undeliverable(ex, turnToken, requestAborted) is { } reason)
        {
            return Undelivered(activity, context, buffered, reason, turnToken, requestAborted);
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            _logger.LogInformation("The request for a {ActivityType} activity was abandoned; its turn stopped.", LogText.Field(activity.Type));
            return new TurnOutcome(null, null, TurnStatus.Abandoned);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The turn for a {ActivityType} activity failed.", LogText.Field(activity.Type));
            if (OnTurnError is null)
            {
                return new TurnOutcome(null, null, TurnStatus.Failed);
            }

            try
            {
                await OnTurnError(context, ex).ConfigureAwait(false);
            }
            catch (Exception inner) when (Undeliverable(inner, turnToken, requestAborted) is { } reason)
            {
                return Undelivered(activity, context, buffered, reason, turnToken, requestAborted);
            }
            catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
            {
                return new TurnOutcome(null, null, TurnStatus.Abandoned);
            }
            catch (Exception inner)
            {
                _logger.LogError(inner, "The turn-error handler failed as well.");
                return new TurnOutcome(null, null, TurnStatus.Failed);
            }
        }

        return new TurnOutcome(context.InvokeResponse, buffered, TurnStatus.Completed);
    }

    /// <summary>Why a turn's reply did not reach the channel, or null when the exception is something else (a bug, an abandoned request).</summary>
    private string? Undeliverable(Exception ex, CancellationToken turnToken, CancellationToken requestAborted)
    {
        if (requestAborted.IsCancellationRequested)
        {
            return null;
        }

        if (turnToken.IsCancellationRequested)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the turn's deadline of {_options.Turns.Timeout.TotalSeconds:0.###} s passed (Turns:Timeout)");
        }

        return ex is ConnectorException c
            ? c.Message + (c.StatusCode is { } status ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" [status {(int)status}]") : "")
            : null;
    }

    /// <summary>Logs (ids, never text) and counts a reply that did not arrive; no apology is tried (it would not arrive either, or come twice).</summary>
    private TurnOutcome Undelivered(Activity activity, TurnContext context, List<Activity>? buffered, string reason, CancellationToken turnToken, CancellationToken requestAborted)
    {
        Interlocked.Increment(ref _undelivered);
        if (turnToken.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _timedOut);
        }

        UndeliveredCounter.Add(1);
        _logger.LogWarning(
            "A reply was not delivered: conversation {ConversationId}, activity {ActivityId}, channel {ChannelId}: {Reason}.",
            LogText.Field(activity.Conversation?.Id, 128), LogText.Field(activity.Id, 128), LogText.Field(activity.ChannelId), reason);
        return new TurnOutcome(context.InvokeResponse, buffered, TurnStatus.Undelivered);
    }

    private async Task<ResourceResponse?> SendWithinTurnAsync(Activity inbound, Activity outgoing, List<Activity>? buffered, CancellationToken cancellationToken, CancellationToken turnToken)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == turnToken)
        {
            return await SendAsync(inbound, outgoing, buffered, turnToken).ConfigureAwait(false);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, turnToken);
        return await SendAsync(inbound, outgoing, buffered, linked.Token).ConfigureAwait(false);
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

    private static readonly System.Diagnostics.Metrics.Meter Meter = new("Bot.Protocol");

    /// <summary>The <c>bot.replies.undelivered</c> counter: replies that did not reach the channel.</summary>
    private static readonly System.Diagnostics.Metrics.Counter<long> UndeliveredCounter =
        Meter.CreateCounter<long>("bot.replies.undelivered", description: "Replies that could not be delivered to the channel (Connector failure or turn deadline).");

    private enum TurnStatus
    {
        Completed,
        Undelivered,
        Failed,
        Abandoned,
    }

    private readonly record struct TurnOutcome(InvokeResponse? Invoke, List<Activity>? Replies, TurnStatus Status);

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
