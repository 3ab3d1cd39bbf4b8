using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bot.LoadDriver;

public sealed record DirectLineSettings
{
    public required int Conversations { get; init; }
    public required int TurnsPerConversation { get; init; }

    /// <summary>"ws", "poll", or null: the WebSocket stream when the server gives a streamUrl, else polling.</summary>
    public string? Transport { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A Direct Line secret for <c>POST /conversations</c>; without it the driver first asks <c>/tokens/generate</c>.</summary>
    public string? Secret { get; init; }

    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(5);
}

public sealed record DirectLineResult
{
    public required int Conversations { get; init; }
    public required string Transport { get; init; }
    public required int Attempted { get; init; }
    public required int Answered { get; init; }
    public required double Seconds { get; init; }
    public required double TurnsPerSecond { get; init; }
    /// <summary>From the user's post to the bot's reply being readable by the client (stream frame or poll response).</summary>
    public required LatencySummary ReplyLatencyMs { get; init; }
    public required LatencySummary PostLatencyMs { get; init; }
    public required LatencySummary StartLatencyMs { get; init; }
    public required int StartFailures { get; init; }
    public required int PostFailures { get; init; }
    public required int MissingReplies { get; init; }
    public required int MissingEchoes { get; init; }
    public required bool StoppedByTimeLimit { get; init; }
    public double? BotCpuSeconds { get; init; }
    public double? BotPeakRssMb { get; init; }
    public IReadOnlyList<string> ErrorSamples { get; init; } = [];

    public int Failures => StartFailures + PostFailures + MissingReplies + MissingEchoes;
}

/// <summary>
/// Web Chat-like conversations through the bot's own Direct Line 3.0 endpoints: start a conversation
/// (token, then <c>POST /conversations</c>), post messages as Web Chat does (with
/// <c>channelData.clientActivityID</c>), and read the bot's replies from the WebSocket stream or by
/// polling <c>GET activities?watermark=</c>, as botframework-directlinejs does.
/// </summary>
public static class DirectLineLoad
{
    public static string Format(DirectLineResult r) => string.Create(CultureInfo.InvariantCulture,
        $"directline {r.Transport} {r.Conversations} conversations: {r.Answered}/{r.Attempted} turns {r.TurnsPerSecond:0.0} turns/s  post to readable reply p50 {r.ReplyLatencyMs.P50:0.00}  p99 {r.ReplyLatencyMs.P99:0.00}  p99.9 {r.ReplyLatencyMs.P999:0.00}  max {r.ReplyLatencyMs.Max:0.00} ms  start p50 {r.StartLatencyMs.P50:0.00} ms  failures {r.Failures} (start {r.StartFailures}, post {r.PostFailures}, no reply {r.MissingReplies}, no echo {r.MissingEchoes}){(r.BotPeakRssMb is { } m ? $"  bot peak rss {m:0} MB" : "")}{(r.StoppedByTimeLimit ? "  (stopped by time limit)" : "")}");

    private sealed class Totals(int turns, int conversations)
    {
        public LatencyRecorder Reply { get; } = new(turns);
        public LatencyRecorder Post { get; } = new(turns);
        public LatencyRecorder Start { get; } = new(conversations);
        public ConcurrentQueue<string> Errors { get; } = new();
        public int Attempted;
        public int StartFailures;
        public int PostFailures;
        public int MissingReplies;
        public int MissingEchoes;
        public bool TimedOut;
        public string Transport = "";

        public void Error(string message)
        {
            if (Errors.Count < 20)
            {
                Errors.Enqueue(message);
            }
        }
    }

    public static async Task<DirectLineResult> RunAsync(BotTarget bot, QuestionSet questions, DirectLineSettings settings, HttpClient http, CancellationToken ct)
    {
        var totals = new Totals(settings.Conversations * settings.TurnsPerConversation, settings.Conversations);
        var before = bot.Pid is { } pid ? ProcessSample.TryRead(pid) : null;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(settings.MaxDuration.TotalSeconds * Stopwatch.Frequency);
        var baseUrl = new Uri(bot.BaseUrl, "v3/directline/");
        var tasks = Enumerable.Range(0, settings.Conversations)
            .Select(i => Task.Run(() => ConversationAsync(i, baseUrl, questions, settings, http, totals, deadline, ct), ct))
            .ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = bot.Pid is { } pid2 ? ProcessSample.TryRead(pid2) : null;
        return new DirectLineResult
        {
            Conversations = settings.Conversations,
            Transport = totals.Transport,
            Attempted = totals.Attempted,
            Answered = totals.Reply.Count,
            Seconds = elapsed,
            TurnsPerSecond = elapsed > 0 ? totals.Reply.Count / elapsed : 0,
            ReplyLatencyMs = totals.Reply.Summarise(),
            PostLatencyMs = totals.Post.Summarise(),
            StartLatencyMs = totals.Start.Summarise(),
            StartFailures = totals.StartFailures,
            PostFailures = totals.PostFailures,
            MissingReplies = totals.MissingReplies,
            MissingEchoes = totals.MissingEchoes,
            StoppedByTimeLimit = totals.TimedOut,
            BotCpuSeconds = before is { } b && after is { } a ? (a.CpuTime - b.CpuTime).TotalSeconds : null,
            BotPeakRssMb = after?.PeakRssBytes / 1048576.0,
            ErrorSamples = totals.Errors.Take(5).ToList(),
        };
    }

    /// <summary>What a client has read so far from one conversation.</summary>
    private sealed class Inbox
    {
        private readonly object _gate = new();
        private readonly HashSet<string> _seenIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _replies = new(StringComparer.Ordinal);
        private readonly HashSet<string> _echoes = new(StringComparer.Ordinal);
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Watermark { get; set; }

        /// <summary>Reads an ActivitySet; returns false when it is not one.</summary>
        public bool Take(ReadOnlySpan<byte> json, string userId, long readAt)
        {
            if (json.IsEmpty)
            {
                return true; // keep-alive frame
            }

            try
            {
                var reader = new Utf8JsonReader(json);
                using var doc = JsonDocument.ParseValue(ref reader);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                if (doc.RootElement.TryGetProperty("watermark", out var w) && w.ValueKind == JsonValueKind.String)
                {
                    Watermark = w.GetString();
                }

                if (!doc.RootElement.TryGetProperty("activities", out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    return true;
                }

                lock (_gate)
                {
                    foreach (var a in list.EnumerateArray())
                    {
                        var id = Str(a, "id");
                        if (id is not null && !_seenIds.Add(id))
                        {
                            continue; // seen on the stream and again by GET: de-duplicate by id
                        }

                        var fromId = a.TryGetProperty("from", out var from) ? Str(from, "id") : null;
                        if (string.Equals(fromId, userId, StringComparison.Ordinal))
                        {
                            if (a.TryGetProperty("channelData", out var cd) && Str(cd, "clientActivityID") is { } client)
                            {
                                _echoes.Add(client);
                            }
                        }
                        else if (string.Equals(Str(a, "type"), "message", StringComparison.Ordinal) && Str(a, "replyToId") is { } replyTo)
                        {
                            _replies.TryAdd(replyTo, readAt);
                        }
                    }

                    var changed = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    changed.TrySetResult();
                }

                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        public Task Changed
        {
            get
            {
                lock (_gate)
                {
                    return _changed.Task;
                }
            }
        }

        public bool TryReply(string activityId, out long readAt)
        {
            lock (_gate)
            {
                return _replies.TryGetValue(activityId, out readAt);
            }
        }

        public bool HasEcho(string clientActivityId)
        {
            lock (_gate)
            {
                return _echoes.Contains(clientActivityId);
            }
        }

        private static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private static async Task ConversationAsync(
        int index, Uri baseUrl, QuestionSet questions, DirectLineSettings settings, HttpClient http, Totals totals, long deadline, CancellationToken ct)
    {
        var userId = string.Create(CultureInfo.InvariantCulture, $"dl-user-{Environment.ProcessId:x}-{index}-{Guid.NewGuid():N}");
        var t0 = Stopwatch.GetTimestamp();
        var start = await StartConversationAsync(baseUrl, userId, settings.Secret, http, ct).ConfigureAwait(false);
        if (start.Error is not null)
        {
            Interlocked.Increment(ref totals.StartFailures);
            totals.Error(start.Error);
            return;
        }

        totals.Start.Add(Stopwatch.GetTimestamp() - t0);
        var useWs = settings.Transport switch
        {
            "ws" => true,
            "poll" => false,
            null => start.StreamUrl is not null,
            _ => throw new UsageException("--transport is ws or poll"),
        };
        totals.Transport = useWs ? "ws" : string.Create(CultureInfo.InvariantCulture, $"poll/{settings.PollInterval.TotalMilliseconds:0}ms");
        var inbox = new Inbox();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var socket = new ClientWebSocket();
        Task? reader = null;
        if (useWs)
        {
            if (start.StreamUrl is null)
            {
                Interlocked.Increment(ref totals.StartFailures);
                totals.Error("--transport ws but the server gave no streamUrl");
                return;
            }

            try
            {
                var streamUri = new Uri(start.StreamUrl);
                if (!Options.IsLoopback(streamUri))
                {
                    throw new UsageException($"streamUrl {streamUri.Host} is not loopback");
                }

                await socket.ConnectAsync(streamUri, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException)
            {
                Interlocked.Increment(ref totals.StartFailures);
                totals.Error($"WebSocket connect: {e.Message}");
                return;
            }

            reader = ReadStreamAsync(socket, inbox, userId, totals, stop.Token);
        }

        try
        {
            for (var turn = 0; turn < settings.TurnsPerConversation; turn++)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    totals.TimedOut = true;
                    return;
                }

                Interlocked.Increment(ref totals.Attempted);
                var clientActivityId = string.Create(CultureInfo.InvariantCulture, $"{userId}-{turn}");
                var body = Activities.WebChatMessage(userId, clientActivityId, questions[(index * settings.TurnsPerConversation) + turn]);
                var posted = Stopwatch.GetTimestamp();
                string? activityId;
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"conversations/{Uri.EscapeDataString(start.ConversationId!)}/activities")) { Content = content };
                    Authorize(request, start.Token);
                    using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                    totals.Post.Add(Stopwatch.GetTimestamp() - posted);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref totals.PostFailures);
                        totals.Error($"POST activities: HTTP {(int)response.StatusCode}");
                        continue;
                    }

                    activityId = ReadString(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false), "id");
                }
                catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    Interlocked.Increment(ref totals.PostFailures);
                    totals.Error($"POST activities: {e.Message}");
                    continue;
                }

                if (activityId is null)
                {
                    Interlocked.Increment(ref totals.PostFailures);
                    totals.Error("POST activities: no id in the response");
                    continue;
                }

                var replyDeadline = posted + (long)(settings.ReplyTimeout.TotalSeconds * Stopwatch.Frequency);
                long readAt;
                while (!inbox.TryReply(activityId, out readAt))
                {
                    if (Stopwatch.GetTimestamp() > replyDeadline)
                    {
                        readAt = 0;
                        break;
                    }

                    if (useWs)
                    {
                        var changed = inbox.Changed;
                        if (inbox.TryReply(activityId, out readAt))
                        {
                            break;
                        }

                        await Task.WhenAny(changed, Task.Delay(50, ct)).ConfigureAwait(false);
                    }
                    else
                    {
                        await PollAsync(baseUrl, start, inbox, userId, http, totals, ct).ConfigureAwait(false);
                        if (!inbox.TryReply(activityId, out readAt))
                        {
                            await Task.Delay(settings.PollInterval, ct).ConfigureAwait(false);
                        }
                        else
                        {
                            break;
                        }
                    }
                }

                if (readAt == 0)
                {
                    Interlocked.Increment(ref totals.MissingReplies);
                    totals.Error($"no reply to {activityId} within {settings.ReplyTimeout.TotalSeconds:0} s");
                    continue;
                }

                totals.Reply.Add(readAt - posted);
                if (!inbox.HasEcho(clientActivityId))
                {
                    Interlocked.Increment(ref totals.MissingEchoes);
                    totals.Error($"the user's message {activityId} was not echoed with its clientActivityID (Web Chat would show 'send failed')");
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (reader is not null)
            {
                try
                {
                    if (socket.State == WebSocketState.Open)
                    {
                        using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", closing.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                {
                    // The server may already have closed it.
                }

                await reader.ConfigureAwait(false);
            }
        }
    }

    private sealed record Started(string? ConversationId, string? Token, string? StreamUrl, string? Error);

    private static async Task<Started> StartConversationAsync(Uri baseUrl, string userId, string? secret, HttpClient http, CancellationToken ct)
    {
        var user = Encoding.UTF8.GetBytes($$"""{"user":{"id":"{{userId}}","name":"User"},"locale":"en-US"}""");
        var bearer = secret;
        if (bearer is null)
        {
            using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "tokens/generate")) { Content = Json(user) };

            // As the web chat page does: its signed page token from the host's settings (security review F4).
            using var settings = await http.GetAsync(new Uri(baseUrl, "../../webchat/settings"), ct).ConfigureAwait(false);
            if (settings.IsSuccessStatusCode && ReadString(await settings.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false), "pageToken") is { } pageToken)
            {
                Authorize(tokenRequest, pageToken);
            }

            using var tokenResponse = await http.SendAsync(tokenRequest, ct).ConfigureAwait(false);
            if (!tokenResponse.IsSuccessStatusCode)
            {
                return new Started(null, null, null, $"POST tokens/generate: HTTP {(int)tokenResponse.StatusCode}");
            }

            bearer = ReadString(await tokenResponse.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false), "token");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "conversations")) { Content = Json(user) };
        Authorize(request, bearer);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return new Started(null, null, null, $"POST conversations: HTTP {(int)response.StatusCode}");
        }

        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var id = ReadString(body, "conversationId");
        return id is null
            ? new Started(null, null, null, "POST conversations: no conversationId")
            : new Started(id, ReadString(body, "token") ?? bearer, ReadString(body, "streamUrl"), null);
    }

    private static async Task PollAsync(Uri baseUrl, Started start, Inbox inbox, string userId, HttpClient http, Totals totals, CancellationToken ct)
    {
        var url = new Uri(baseUrl, $"conversations/{Uri.EscapeDataString(start.ConversationId!)}/activities?watermark={Uri.EscapeDataString(inbox.Watermark ?? "")}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        Authorize(request, start.Token);
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var readAt = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode || !inbox.Take(body, userId, readAt))
            {
                totals.Error($"GET activities: HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            totals.Error($"GET activities: {e.Message}");
        }
    }

    private static async Task ReadStreamAsync(ClientWebSocket socket, Inbox inbox, string userId, Totals totals, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var readAt = Stopwatch.GetTimestamp();
                if (!inbox.Take(message.GetBuffer().AsSpan(0, (int)message.Length), userId, readAt))
                {
                    totals.Error("stream frame is not an ActivitySet");
                }

                message.SetLength(0);
            }
        }
        catch (OperationCanceledException)
        {
            // The conversation is over.
        }
        catch (WebSocketException e) when (!ct.IsCancellationRequested)
        {
            totals.Error($"stream: {e.Message}");
        }
        catch (WebSocketException)
        {
            // Closed while stopping.
        }
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static void Authorize(HttpRequestMessage request, string? bearer)
    {
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        request.Headers.TryAddWithoutValidation("x-ms-bot-agent", "DirectLine/3.0 (Bot.LoadDriver)");
    }

    private static string? ReadString(byte[] json, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
