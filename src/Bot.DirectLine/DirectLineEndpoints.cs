using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.DirectLine.State;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// The HTTP surface of the self-hosted Direct Line 3.0 channel (the calls Web Chat's DirectLineJS makes). The bot's
/// replies come in-process through <see cref="DirectLineConnector"/>; there is no Connector endpoint to call.
/// </summary>
public static partial class DirectLineEndpoints
{
    public const string CorsPolicy = "DirectLine";
    public const string Prefix = "/v3/directline";

    internal static void Map(IEndpointRouteBuilder routes)
    {
        var client = routes.MapGroup(Prefix).RequireCors(CorsPolicy).WithTags("Direct Line");
        client.MapPost("/tokens/generate", GenerateTokenAsync);
        client.MapPost("/tokens/refresh", RefreshToken);
        client.MapPost("/conversations", StartConversationAsync);
        client.MapGet("/conversations/{conversationId}", Reconnect);
        client.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        client.MapGet("/conversations/{conversationId}/activities", GetActivities);
        client.Map("/conversations/{conversationId}/stream", StreamAsync);
        client.MapPost("/conversations/{conversationId}/upload", Upload);
    }

    // ---- client side ----------------------------------------------------------------------------------------

    private static async Task<IResult> GenerateTokenAsync(HttpContext http, IDirectLineStore store, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        if (http.RequestServices.GetService<IDirectLineGenerateGuard>()?.Check(http) is { } refused)
        {
            return Error((HttpStatusCode)refused.StatusCode, refused.Code, refused.Message);
        }

        var body = await ReadJsonAsync(http, options.Value.MaxActivityBytes, required: false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        string? userId = null;
        string? userName = null;
        if (body.Json?["user"] is JsonObject user)
        {
            userId = (user["id"] as JsonValue)?.TryGetValue<string>(out var id) == true ? id : null;
            userName = (user["name"] as JsonValue)?.TryGetValue<string>(out var name) == true ? name : null;
            if (userId is not null && !UserIdPattern().IsMatch(userId))
            {
                return Error(HttpStatusCode.BadRequest, "BadArgument", "user.id must be 1-64 letters, digits or _ - . : @");
            }

            if (userName is not null && userName.Length > 100)
            {
                return Error(HttpStatusCode.BadRequest, "BadArgument", "user.name must be at most 100 characters.");
            }
        }

        userId ??= "dl_" + Guid.NewGuid().ToString("N");
        var (conversation, refusal) = await store.ReserveAsync(userId, userName, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        if (conversation is null)
        {
            http.Response.Headers.RetryAfter = refusal == CreateRefusal.TooManyForAddress ? "30" : "60";
            return refusal == CreateRefusal.TooManyForAddress
                ? Error(HttpStatusCode.TooManyRequests, "TooManyConversations", "This address has too many conversations open; close some or try again shortly.")
                : Error(HttpStatusCode.TooManyRequests, "TooManyConversations", "Too many conversations are open; try again in a minute.");
        }

        var token = await store.IssueTokenAsync(conversation.Id, http.RequestAborted);
        return Results.Ok(new TokenResponse(conversation.Id, token.Value, ExpiresIn(token.ExpiresAt, time), null, userId));
    }

    private static async Task<IResult> RefreshToken(HttpContext http, IDirectLineStore store, TimeProvider time)
    {
        var (denied, conversation, _) = await AuthorizeAsync(http, store, null);
        if (denied is not null)
        {
            return denied;
        }

        var token = await store.IssueTokenAsync(conversation!.Id, http.RequestAborted);
        return Results.Ok(new TokenResponse(conversation.Id, token.Value, ExpiresIn(token.ExpiresAt, time), null, null));
    }

    private static async Task<IResult> StartConversationAsync(HttpContext http, IDirectLineStore store, DirectLineChannel channel, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        var (denied, conversation, expires) = await AuthorizeAsync(http, store, null);
        if (denied is not null)
        {
            return denied;
        }

        var body = await ReadJsonAsync(http, options.Value.MaxActivityBytes, required: false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var locale = (body.Json?["locale"] as JsonValue)?.TryGetValue<string>(out var l) == true && l.Length <= 20 ? l : null;
        var token = BearerToken(http)!;
        var response = new TokenResponse(conversation!.Id, token, ExpiresIn(expires, time), await StreamUrlAsync(http, store, conversation.Id, 0), null);
        if (!await store.TryStartAsync(conversation.Id, http.RequestAborted))
        {
            return Results.Ok(response);
        }

        _ = channel.StartAsync(conversation, locale);
        return Results.Json(response, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Reconnect(HttpContext http, string conversationId, IDirectLineStore store, TimeProvider time)
    {
        var (denied, conversation, expires) = await AuthorizeAsync(http, store, conversationId);
        if (denied is not null)
        {
            return denied;
        }

        if (!TryParseWatermark(http, out var watermark))
        {
            return Error(HttpStatusCode.BadRequest, "BadArgument", "watermark must be a number.");
        }

        return Results.Ok(new TokenResponse(conversation!.Id, BearerToken(http)!, ExpiresIn(expires, time), await StreamUrlAsync(http, store, conversation.Id, watermark), null));
    }

    private static async Task<IResult> PostActivityAsync(HttpContext http, string conversationId, IDirectLineStore store, DirectLineChannel channel, IDirectLineBotGateway gateway, IOptions<DirectLineOptions> options, ILoggerFactory loggers)
    {
        var (denied, conversation, _) = await AuthorizeAsync(http, store, conversationId);
        if (denied is not null)
        {
            return denied;
        }

        if (!conversation!.Started)
        {
            return Error(HttpStatusCode.NotFound, "BadArgument", "The conversation has not been started (POST /v3/directline/conversations).");
        }

        var body = await ReadJsonAsync(http, options.Value.MaxActivityBytes, required: true);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Json!["type"] is not JsonValue type || !type.TryGetValue<string>(out var t) || t.Length == 0)
        {
            return Error(HttpStatusCode.BadRequest, "MissingProperty", "The activity has no type.");
        }

        // Membership changes are the channel's to announce (it does so once, at the start), never a client's:
        // a client-sent conversationUpdate with thousands of members would make thousands of welcomes.
        if (!ClientActivityTypes.Contains(t))
        {
            return Error(HttpStatusCode.BadRequest, "BadArgument", $"A client cannot send activities of type '{Truncate(t, 40)}'; send message, typing, event, invoke, messageReaction or endOfConversation.");
        }

        // Replies always arrive on the stream and in the history; a client cannot ask for them in the HTTP response.
        if (body.Json["deliveryMode"] is JsonValue mode && (!mode.TryGetValue<string>(out var m) || m is not ("normal" or "")))
        {
            return Error(HttpStatusCode.BadRequest, "NotSupported", "deliveryMode must be 'normal' on Direct Line: replies arrive on the stream and in GET /activities.");
        }

        // The bot's inbound checks (limits, rate limits, validation), the same as on its other channels, on the
        // activity as the channel stamps it (its conversation and sender, not the ones the client wrote).
        channel.Prepare(conversation, body.Json);
        if (await gateway.AdmitAsync(body.Json, conversation.LastSequence, http.RequestAborted) is { } rejected)
        {
            if (rejected.RetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return Error((HttpStatusCode)rejected.StatusCode, rejected.Code, rejected.Message);
        }

        try
        {
            var id = await channel.PostFromClientAsync(conversation, body.Json);
            return id is null
                ? Error(HttpStatusCode.NotFound, "BadArgument", "The conversation has expired.")
                : Results.Ok(new { id });
        }
        catch (DirectLineBotBusyException busy)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Error(HttpStatusCode.ServiceUnavailable, "BotBusy", "The bot is busy; retry shortly. Your message was kept.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBotUnavailable(loggers.CreateLogger(typeof(DirectLineEndpoints)), ex, conversation.Id);
            return Error(HttpStatusCode.BadGateway, "BotError", "The bot could not process the activity.");
        }
    }

    private static async Task<IResult> GetActivities(HttpContext http, string conversationId, IDirectLineStore store)
    {
        var (denied, conversation, _) = await AuthorizeAsync(http, store, conversationId);
        if (denied is not null)
        {
            return denied;
        }

        if (!TryParseWatermark(http, out var watermark))
        {
            return Error(HttpStatusCode.BadRequest, "BadArgument", "watermark must be a number.");
        }

        var page = await store.SinceAsync(conversation!.Id, watermark, includeStreamOnly: false, http.RequestAborted);
        return Results.Text(DirectLineConversation.ActivitySetJson(page.Activities, page.Watermark), "application/json", Encoding.UTF8);
    }

    private static IResult Upload() =>
        Error(HttpStatusCode.NotImplemented, "NotSupported", "This bot does not accept attachments; please type your question.");

    private static async Task StreamAsync(HttpContext http, string conversationId, IDirectLineStore store, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Error(HttpStatusCode.BadRequest, "BadArgument", "This URL is a WebSocket stream.").ExecuteAsync(http);
            return;
        }

        var conversation = await store.RedeemStreamTokenAsync(http.Request.Query["t"], conversationId, http.RequestAborted);
        if (conversation is null)
        {
            await Error(HttpStatusCode.Forbidden, "TokenExpired", "The stream URL is invalid, used or expired; reconnect with GET /conversations/{id}.").ExecuteAsync(http);
            return;
        }

        if (!TryParseWatermark(http, out var watermark))
        {
            await Error(HttpStatusCode.BadRequest, "BadArgument", "watermark must be a number.").ExecuteAsync(http);
            return;
        }

        var lease = await store.TryOpenStreamAsync(conversation.Id, http.RequestAborted);
        if (lease is null)
        {
            await Error(HttpStatusCode.TooManyRequests, "TooManyStreams", "Too many streams are open on this conversation.").ExecuteAsync(http);
            return;
        }

        await using (lease)
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            await DirectLineStream.RunAsync(socket, conversation.Id, store, watermark, stop);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private sealed record TokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("streamUrl"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? StreamUrl,
        [property: System.Text.Json.Serialization.JsonPropertyName("userId"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? UserId);

    private sealed record JsonBody(JsonObject? Json, IResult? Error);

    private static async Task<(IResult? Denied, DirectLineConversationInfo? Conversation, DateTimeOffset ExpiresAt)> AuthorizeAsync(HttpContext http, IDirectLineStore store, string? conversationId)
    {
        var result = await store.CheckTokenAsync(BearerToken(http), conversationId, http.RequestAborted);
        switch (result.Check)
        {
            case TokenCheck.Valid:
                return (null, result.Conversation, result.ExpiresAt);
            case TokenCheck.Missing:
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return (Error(HttpStatusCode.Unauthorized, "Unauthorized", "A Direct Line token is required (Authorization: Bearer <token>)."), null, default);
            case TokenCheck.WrongConversation:
                return (Error(HttpStatusCode.Forbidden, "Forbidden", "The token is for another conversation."), null, default);
            default:
                return (Error(HttpStatusCode.Forbidden, "TokenExpired", "The token is invalid or expired."), null, default);
        }
    }

    private static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    private static int ExpiresIn(DateTimeOffset expiresAt, TimeProvider time) => Math.Max(0, (int)(expiresAt - time.GetUtcNow()).TotalSeconds);

    private static async Task<string> StreamUrlAsync(HttpContext http, IDirectLineStore store, string conversationId, long watermark)
    {
        var streamToken = await store.IssueStreamTokenAsync(conversationId, http.RequestAborted);
        var scheme = http.Request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{http.Request.Host}{http.Request.PathBase}{Prefix}/conversations/{Uri.EscapeDataString(conversationId)}/stream?t={Uri.EscapeDataString(streamToken.Value)}";
        return watermark > 0 ? url + "&watermark=" + watermark.ToString(CultureInfo.InvariantCulture) : url;
    }

    private static bool TryParseWatermark(HttpContext http, out long watermark)
    {
        var text = http.Request.Query["watermark"].ToString();
        watermark = 0;
        return string.IsNullOrEmpty(text) || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out watermark) && watermark >= 0);
    }

    private static async Task<JsonBody> ReadJsonAsync(HttpContext http, int maxBytes, bool required)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return new JsonBody(null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new JsonBody(null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return required
                ? new JsonBody(null, Error(HttpStatusCode.BadRequest, "MissingProperty", "A JSON activity is required."))
                : new JsonBody(null, null);
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) is JsonObject json
                ? new JsonBody(json, null)
                : new JsonBody(null, Error(HttpStatusCode.BadRequest, "BadSyntax", "The body must be a JSON object."));
        }
        catch (JsonException)
        {
            return new JsonBody(null, Error(HttpStatusCode.BadRequest, "BadSyntax", "The body is not valid JSON."));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Error(HttpStatusCode.RequestEntityTooLarge, "MessageSizeTooBig", $"The activity is larger than {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes.");

    /// <summary>The Direct Line / Connector error shape: <c>{"error":{"code","message"}}</c>.</summary>
    public static IResult Error(HttpStatusCode status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: (int)status);

    /// <summary>The activity types a Direct Line client may post.</summary>
    private static readonly HashSet<string> ClientActivityTypes = new(StringComparer.Ordinal)
    {
        "message", "typing", "event", "invoke", "messageReaction", "endOfConversation",
    };

    private static string Truncate(string value, int max) =>
        new([.. (value.Length <= max ? value : value[..max]).Where(c => !char.IsControl(c))]);

    [GeneratedRegex("^[A-Za-z0-9_.:@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();

    [LoggerMessage(Level = LogLevel.Error, Message = "Direct Line: the bot could not process an activity of conversation {ConversationId}.")]
    private static partial void LogBotUnavailable(ILogger logger, Exception exception, string conversationId);
}
