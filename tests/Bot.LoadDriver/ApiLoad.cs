using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Bot.LoadDriver;

public sealed record ApiLoadSettings
{
    public required int Concurrency { get; init; }

    /// <summary>Turns measured (after the warm-up).</summary>
    public required int Count { get; init; }

    /// <summary>Turns sent first and not measured (JIT, connection pools, caches).</summary>
    public required int Warmup { get; init; }

    /// <summary>Upper bound on a phase's wall time: no new turn starts after it.</summary>
    public required TimeSpan MaxDuration { get; init; }

    /// <summary>A worker starts a new conversation after this many turns.</summary>
    public int TurnsPerConversation { get; init; } = 10;

    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public string ChannelId { get; init; } = "emulator";

    /// <summary>"raw" (the lean <see cref="RawHttpConnection"/>, one per worker) or "http" (HttpClient).</summary>
    public string Client { get; init; } = "raw";
}

public sealed record ApiLoadResult
{
    public required string Bot { get; init; }
    public required int Concurrency { get; init; }
    public required int Attempted { get; init; }
    public required int Answered { get; init; }
    public required double Seconds { get; init; }
    public required double TurnsPerSecond { get; init; }
    /// <summary>From the post to the reply's arrival at the fake Connector.</summary>
    public required LatencySummary TurnLatencyMs { get; init; }
    /// <summary>From the post to the bot's HTTP response.</summary>
    public required LatencySummary AckLatencyMs { get; init; }
    public required int Non2xx { get; init; }
    public required IReadOnlyDictionary<string, int> StatusCodes { get; init; }
    public required int TransportErrors { get; init; }
    public required int MissingReplies { get; init; }
    public required int EmptyReplies { get; init; }
    public required long ExtraMessages { get; init; }
    public required long TypingActivities { get; init; }
    public required bool StoppedByTimeLimit { get; init; }
    public required bool BotExited { get; init; }
    public double? BotCpuSeconds { get; init; }
    /// <summary>Bot CPU per answered turn, microseconds.</summary>
    public double? BotCpuPerTurnUs { get; init; }
    /// <summary>Cores the bot kept busy on average during the measured phase.</summary>
    public double? BotCores { get; init; }
    public required double DriverCores { get; init; }
    public double? BotRssMb { get; init; }
    public double? BotPeakRssMb { get; init; }
    public int? BotThreads { get; init; }
    public IReadOnlyList<string> ErrorSamples { get; init; } = [];

    public int Failures => Non2xx + TransportErrors + MissingReplies + EmptyReplies + (BotExited ? 1 : 0);
}

/// <summary>
/// Closed-loop load on <c>/api/messages</c>: <c>Concurrency</c> workers, each posting one
/// Emulator-style message, waiting for the bot's HTTP response and for its reply at the fake
/// Connector, then posting the next, until <c>Count</c> turns are done or the time limit passes.
/// </summary>
public static class ApiLoad
{
    private static long _runSequence;

    public static HttpClient CreateClient(int concurrency) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = Math.Max(concurrency, 1),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<ApiLoadResult> RunAsync(
        BotTarget bot, FakeConnector connector, QuestionSet questions, ApiLoadSettings settings, HttpClient http, CancellationToken cancellationToken)
    {
        var run = Interlocked.Increment(ref _runSequence);
        var tag = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId:x}-{run}");
        if (settings.Warmup > 0)
        {
            var warm = await PhaseAsync(bot, connector, questions, settings with { Count = settings.Warmup }, http, tag + "w", cancellationToken).ConfigureAwait(false);
            if (warm.BotExited)
            {
                return Finish(bot, settings, warm, default, default, TimeSpan.Zero);
            }
        }

        var botBefore = bot.Pid is { } pid ? ProcessSample.TryRead(pid) : null;
        var driverBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var countersBefore = connector.Counters;
        var phase = await PhaseAsync(bot, connector, questions, settings, http, tag + "m", cancellationToken).ConfigureAwait(false);
        var driverCpu = Process.GetCurrentProcess().TotalProcessorTime - driverBefore;
        var botAfter = bot.Pid is { } pid2 ? ProcessSample.TryRead(pid2) : null;
        return Finish(bot, settings, phase, connector.Counters - countersBefore, (botBefore, botAfter), driverCpu);
    }

    /// <summary>One turn on its own; returns the <see cref="Stopwatch"/> timestamp at which the reply arrived.</summary>
    public static async Task<long> OneTurnAsync(BotTarget bot, FakeConnector connector, string text, HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var conversationId = "first-" + Guid.NewGuid().ToString("N");
        var activityId = "first-turn";
        var pending = connector.Expect(conversationId, activityId, timeout);
        using var content = new ByteArrayContent(Activities.EmulatorMessage(connector.ServiceUrl, "emulator", conversationId, activityId, text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(bot.MessagesUrl, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            connector.Forget(conversationId, pending);
            throw new BotFailedException($"the first turn got HTTP {(int)response.StatusCode}");
        }

        var arrived = await pending.Reply.WaitAsync(cancellationToken).ConfigureAwait(false);
        return arrived >= 0 ? arrived : throw new BotFailedException($"no reply to the first turn within {timeout.TotalSeconds:0} s");
    }

    private static async Task<int> PostAsync(HttpClient http, Uri url, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    private static ApiLoadResult Finish(
        BotTarget bot, ApiLoadSettings settings, PhaseResult phase, ConnectorCounters counters,
        (ProcessSample? Before, ProcessSample? After) botSamples, TimeSpan driverCpu)
    {
        var seconds = phase.Elapsed.TotalSeconds;
        double? botCpu = botSamples is { Before: { } b, After: { } a } ? (a.CpuTime - b.CpuTime).TotalSeconds : null;
        return new ApiLoadResult
        {
            Bot = bot.Name,
            Concurrency = settings.Concurrency,
            Attempted = phase.Attempted,
            Answered = phase.Latency.Count,
            Seconds = seconds,
            TurnsPerSecond = seconds > 0 ? phase.Latency.Count / seconds : 0,
            TurnLatencyMs = phase.Latency.Summarise(),
            AckLatencyMs = phase.Ack.Summarise(),
            Non2xx = phase.StatusCodes.Where(kv => kv.Key is < 200 or > 299).Sum(kv => kv.Value),
            StatusCodes = phase.StatusCodes.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value, StringComparer.Ordinal),
            TransportErrors = phase.TransportErrors,
            MissingReplies = phase.MissingReplies,
            EmptyReplies = phase.EmptyReplies,
            ExtraMessages = counters.Unmatched,
            TypingActivities = counters.Typing,
            StoppedByTimeLimit = phase.TimedOut,
            BotExited = phase.BotExited,
            BotCpuSeconds = botCpu,
            BotCpuPerTurnUs = botCpu is { } cpu && phase.Latency.Count > 0 ? cpu * 1e6 / phase.Latency.Count : null,
            BotCores = botCpu is { } c && seconds > 0 ? c / seconds : null,
            DriverCores = seconds > 0 ? driverCpu.TotalSeconds / seconds : 0,
            BotRssMb = botSamples.After is { } s ? s.RssBytes / 1048576.0 : null,
            BotPeakRssMb = botSamples.After is { } s2 ? s2.PeakRssBytes / 1048576.0 : null,
            BotThreads = botSamples.After?.Threads,
            ErrorSamples = phase.Errors.Take(5).ToList(),
        };
    }

    private sealed class PhaseResult(int count)
    {
        public LatencyRecorder Latency { get; } = new(count);
        public LatencyRecorder Ack { get; } = new(count);
        public ConcurrentDictionary<int, int> StatusCodes { get; } = new();
        public ConcurrentQueue<string> Errors { get; } = new();
        public int Attempted;
        public int TransportErrors;
        public int MissingReplies;
        public int EmptyReplies;
        public bool TimedOut;
        public bool BotExited;
        public TimeSpan Elapsed;

        public void Error(string message)
        {
            if (Errors.Count < 20)
            {
                Errors.Enqueue(message);
            }
        }
    }

    private static async Task<PhaseResult> PhaseAsync(
        BotTarget bot, FakeConnector connector, QuestionSet questions, ApiLoadSettings settings, HttpClient http, string tag, CancellationToken cancellationToken)
    {
        var result = new PhaseResult(settings.Count);
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(settings.MaxDuration.TotalSeconds * Stopwatch.Frequency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Watches the bot process: if it dies, the phase ends at once instead of timing out turn by turn.
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!bot.Alive)
                {
                    result.BotExited = true;
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                try
                {
                    await Task.Delay(100, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        async Task Worker(int worker)
        {
            using var raw = string.Equals(settings.Client, "raw", StringComparison.Ordinal) ? new RawHttpConnection(bot.MessagesUrl) : null;
            var conversationNumber = 0;
            var turnsInConversation = 0;
            var conversationId = "";
            while (!stop.IsCancellationRequested)
            {
                var turn = Interlocked.Increment(ref next);
                if (turn >= settings.Count)
                {
                    return;
                }

                if (Stopwatch.GetTimestamp() > deadline)
                {
                    result.TimedOut = true;
                    return;
                }

                if (turnsInConversation == 0 || turnsInConversation >= settings.TurnsPerConversation)
                {
                    conversationId = string.Create(CultureInfo.InvariantCulture, $"load-{tag}-{worker}-{conversationNumber++}");
                    turnsInConversation = 0;
                }

                turnsInConversation++;
                Interlocked.Increment(ref result.Attempted);
                var activityId = string.Create(CultureInfo.InvariantCulture, $"{tag}-{turn}");
                var body = Activities.EmulatorMessage(connector.ServiceUrl, settings.ChannelId, conversationId, activityId, questions[turn]);
                var pending = connector.Expect(conversationId, activityId, settings.ReplyTimeout);
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    var status = raw is not null
                        ? await raw.PostAsync(body, stop.Token).ConfigureAwait(false)
                        : await PostAsync(http, bot.MessagesUrl, body, stop.Token).ConfigureAwait(false);
                    result.Ack.Add(Stopwatch.GetTimestamp() - t0);
                    result.StatusCodes.AddOrUpdate(status, 1, static (_, n) => n + 1);
                    if (status is < 200 or > 299)
                    {
                        connector.Forget(conversationId, pending);
                        result.Error(string.Create(CultureInfo.InvariantCulture, $"HTTP {status} for turn {turn}"));
                        continue;
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    connector.Forget(conversationId, pending);
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    connector.Forget(conversationId, pending);
                    Interlocked.Increment(ref result.TransportErrors);
                    result.Error($"{e.GetType().Name}: {e.Message}");
                    continue;
                }

                try
                {
                    var arrived = await pending.Reply.WaitAsync(stop.Token).ConfigureAwait(false);
                    if (arrived < 0)
                    {
                        Interlocked.Increment(ref result.MissingReplies);
                        result.Error(string.Create(CultureInfo.InvariantCulture, $"no reply within {settings.ReplyTimeout.TotalSeconds:0.#} s for turn {turn} ({conversationId})"));
                        continue;
                    }

                    result.Latency.Add(arrived - t0);
                    if (!pending.HasContent)
                    {
                        Interlocked.Increment(ref result.EmptyReplies);
                    }
                }
                catch (OperationCanceledException)
                {
                    connector.Forget(conversationId, pending);
                    return;
                }
            }
        }

        var workers = new Task[settings.Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            var id = w;
            workers[w] = Task.Run(() => Worker(id), CancellationToken.None);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        result.Elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync().ConfigureAwait(false);
        await watcher.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }
}
