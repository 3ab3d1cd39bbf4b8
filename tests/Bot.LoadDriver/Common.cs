using Bot.Tests.Services;

namespace Bot.LoadDriver;

/// <summary>Options every mode shares: which bot, how started bots are configured, connector behaviour, questions.</summary>
public sealed class Common
{
    private Options _options = null!;

    public required QuestionSet Questions { get; init; }

    public required ConnectorBehaviour Behaviour { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required IReadOnlyList<string> HostArgs { get; init; }

    public required string ReadyPath { get; init; }

    public required string LogDirectory { get; init; }

    public required bool KeepLogs { get; init; }

    public static Common Read(Options o)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = o.String("environment", "Production"),

            // Every simulated visitor comes from this one loopback address; --env can set it back.
            ["DirectLine__MaxConversationsPerAddress"] = "1000000",
        };
        foreach (var pair in o.All("env"))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--env wants KEY=VALUE, got '{pair}'");
            }

            env[pair[..eq]] = pair[(eq + 1)..];
        }

        return new Common
        {
            _options = o,
            Questions = QuestionSet.Load(o.String("questions")),
            Behaviour = new ConnectorBehaviour
            {
                Delay = TimeSpan.FromMilliseconds(o.Int("connector-delay-ms", 0, 0, 600_000)),
                FailEvery = o.Int("connector-fail-every", 0, 0, int.MaxValue),
                FailStatus = o.Int("connector-fail-status", 503, 100, 599),
            },
            Environment = env,
            HostArgs = o.All("host-arg"),
            ReadyPath = o.String("ready-path", "/readyz"),
            LogDirectory = o.String("log-dir") ?? Path.Combine(Path.GetTempPath(), $"bot-loaddriver-{System.Environment.ProcessId}"),
            KeepLogs = o.Flag("keep-logs"),
        };
    }

    /// <summary>The bot of <c>--bot</c>, <c>--host-dll</c> or <c>--js-dir</c> (exactly one).</summary>
    public async Task<BotSession> OpenTargetAsync(HttpClient http, string defaultName, CancellationToken ct)
    {
        var urls = _options.LoopbackUrls("bot");
        var url = urls.Count > 0 ? urls[0] : null;
        var pid = _options.String("pid");
        var dll = _options.String("host-dll");
        var js = _options.String("js-dir");
        var given = (url is null ? 0 : 1) + (dll is null ? 0 : 1) + (js is null ? 0 : 1);
        if (urls.Count > 1 && pid is not null)
        {
            throw new UsageException("--pid names one bot; with several --bot URLs read their CPU outside the driver");
        }

        if (given != 1)
        {
            throw new UsageException("give exactly one of --bot URL, --host-dll PATH, --js-dir PATH");
        }

        if (urls.Count > 1)
        {
            // Several running instances: drive them through a round-robin proxy, as behind a load balancer.
            var proxy = await RoundRobinProxy.StartAsync(urls.Select((u, i) => (u, i)).ToDictionary(x => "bot" + x.i, x => x.u), ct).ConfigureAwait(false);
            Report.Line($"round-robin proxy {proxy.BaseAddress} over {string.Join(", ", urls)}");
            return new BotSession(new BotTarget(defaultName, proxy.BaseAddress, null, null), TimeSpan.Zero, this, proxy);
        }

        if (url is not null)
        {
            int? id = pid is null ? null : int.TryParse(pid, out var p) && p > 0 ? p : throw new UsageException($"--pid must be a process id, got '{pid}'");
            var baseUrl = new Uri(url.AbsoluteUri.TrimEnd('/') + "/");
            return new BotSession(new BotTarget(defaultName, baseUrl, id, null), TimeSpan.Zero, this);
        }

        return await StartAsync(http, js is null ? defaultName : "js", dll, js, ct).ConfigureAwait(false);
    }

    /// <summary>Starts the host (<paramref name="dll"/>) or the JS fixture (<paramref name="jsDir"/>) and waits until it is ready.</summary>
    public async Task<BotSession> StartAsync(HttpClient http, string name, string? dll, string? jsDir, CancellationToken ct)
    {
        var process = dll is not null
            ? BotProcess.StartDotnet(dll, Environment, LogDirectory, HostArgs)
            : BotProcess.StartNode(jsDir!, Environment, LogDirectory);
        try
        {
            var ready = await process.WaitReadyAsync(http, dll is not null ? ReadyPath : "/readyz", TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            return new BotSession(new BotTarget(name, process.BaseUrl, process.Pid, process), ready, this);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void RejectUnread(Options o)
    {
        // Target options are read later (OpenTargetAsync); everything else must have been read by now.
        foreach (var name in new[] { "bot", "pid", "host-dll", "js-dir" })
        {
            _ = o.All(name);
        }

        var unread = o.Unread().ToList();
        if (unread.Count > 0)
        {
            throw new UsageException($"option(s) not used by mode '{o.Mode}': {string.Join(", ", unread.Select(u => "--" + u))}");
        }
    }

    internal void CleanLog(BotProcess process, bool success)
    {
        if (!success || KeepLogs)
        {
            Report.Line($"bot log kept: {process.LogPath}");
            return;
        }

        try
        {
            File.Delete(process.LogPath);
            if (Directory.Exists(LogDirectory) && !Directory.EnumerateFileSystemEntries(LogDirectory).Any())
            {
                Directory.Delete(LogDirectory);
            }
        }
        catch (IOException)
        {
            // A temp folder another bot of this run may still use.
        }
    }
}

/// <summary>A bot for the length of a mode; stops the process the driver started.</summary>
public sealed class BotSession(BotTarget target, TimeSpan readyAfter, Common common, IAsyncDisposable? proxy = null) : IAsyncDisposable
{
    private bool _success;

    public BotTarget Target { get; } = target;

    public BotProcess? Process => Target.Process;

    /// <summary>Process start to readiness (zero for a bot the driver did not start).</summary>
    public TimeSpan ReadyAfter { get; } = readyAfter;

    /// <summary>Marks the run's outcome: logs are deleted after a clean run unless --keep-logs.</summary>
    public void Finish(bool success) => _success = success;

    public async ValueTask DisposeAsync()
    {
        if (proxy is not null)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }

        if (Target.Process is { } process)
        {
            var crashed = process.HasExited;
            await process.DisposeAsync().ConfigureAwait(false);
            common.CleanLog(process, _success && !crashed);
        }
    }
}
