using System.Globalization;

namespace Bot.LoadDriver;

/// <summary>The driver's modes; each returns the process exit code.</summary>
public static class Modes
{
    private static string DefaultHostDll => Repository.Path("src", "Bot.Host", "bin", "Release", "net10.0", "Bot.Host.dll") ?? "Bot.Host.dll";

    private static string DefaultJsDir => Repository.Path("tests", "Bot.Benchmarks", "EchoBotJs") ?? "EchoBotJs";

    public static async Task<int> ApiAsync(Options o, CancellationToken ct)
    {
        var common = Common.Read(o);
        var concurrencies = o.Ints("concurrency", [32]);
        var count = o.Int("count", 20_000, 1, 10_000_000);
        var repeat = o.Int("repeat", 1, 1, 100);
        var load = LoadSettings(o, count);
        var json = o.String("json");
        var allowFailures = o.Flag("allow-failures");
        common.RejectUnread(o);

        var report = new Report("api");
        await using var connector = await FakeConnector.StartAsync(common.Behaviour, ct).ConfigureAwait(false);
        using var http = ApiLoad.CreateClient(concurrencies.Max());
        await using var session = await common.OpenTargetAsync(http, "csharp", ct).ConfigureAwait(false);
        Report.Line($"questions: {common.Questions.Questions.Count} from {common.Questions.Source}; connector {connector.ServiceUrl}; bot {session.Target.BaseUrl}");
        report.Set("questions", common.Questions.Source);
        var failures = 0;
        foreach (var c in concurrencies)
        {
            var results = new List<ApiLoadResult>();
            for (var r = 0; r < repeat; r++)
            {
                var result = await ApiLoad.RunAsync(session.Target, connector, common.Questions, load with { Concurrency = c }, http, ct).ConfigureAwait(false);
                Report.Line(Report.Format(result));
                Report.Failures(result);
                report.Add(result);
                results.Add(result);
                failures += result.Failures;
                connector.ResetConversations();
                if (result.BotExited)
                {
                    break;
                }
            }

            if (repeat > 1)
            {
                Report.Line(Summary.Median(results));
            }
        }

        report.Write(json);
        session.Finish(failures == 0);
        return failures == 0 || allowFailures ? 0 : 1;
    }

    public static async Task<int> CompareAsync(Options o, CancellationToken ct)
    {
        var common = Common.Read(o);
        var hostDll = o.String("host-dll", DefaultHostDll);
        var jsDir = o.String("js-dir", DefaultJsDir);
        var concurrencies = o.Ints("concurrency", [32]);
        var count = o.Int("count", 20_000, 1, 10_000_000);
        var repeat = o.Int("repeat", 3, 1, 100);
        var load = LoadSettings(o, count);
        var json = o.String("json");
        var allowFailures = o.Flag("allow-failures");
        common.RejectUnread(o);

        var report = new Report("compare");
        await using var connector = await FakeConnector.StartAsync(common.Behaviour, ct).ConfigureAwait(false);
        using var http = ApiLoad.CreateClient(concurrencies.Max());
        await using var csharp = await common.StartAsync(http, "csharp", hostDll, null, ct).ConfigureAwait(false);
        await using var js = await common.StartAsync(http, "js", null, jsDir, ct).ConfigureAwait(false);
        Report.Line($"same fake Connector {connector.ServiceUrl} for both; csharp {csharp.Target.BaseUrl} (pid {csharp.Target.Pid}), js {js.Target.BaseUrl} (pid {js.Target.Pid})");
        var failures = 0;
        var summaries = new List<object>();
        foreach (var c in concurrencies)
        {
            var byBot = new Dictionary<string, List<ApiLoadResult>>(StringComparer.Ordinal) { ["csharp"] = [], ["js"] = [] };
            for (var r = 0; r < repeat; r++)
            {
                // Alternate the order so neither bot always runs on a warmer (or more tired) machine.
                var order = r % 2 == 0 ? new[] { csharp, js } : [js, csharp];
                foreach (var bot in order)
                {
                    var result = await ApiLoad.RunAsync(bot.Target, connector, common.Questions, load with { Concurrency = c }, http, ct).ConfigureAwait(false);
                    Report.Line(Report.Format(result));
                    Report.Failures(result);
                    report.Add(result);
                    byBot[bot.Target.Name].Add(result);
                    failures += result.Failures;
                    connector.ResetConversations();
                }
            }

            var cs = Stats.Median(byBot["csharp"].Select(x => x.TurnsPerSecond));
            var jsTps = Stats.Median(byBot["js"].Select(x => x.TurnsPerSecond));
            Report.Line(Summary.Median(byBot["csharp"]));
            Report.Line(Summary.Median(byBot["js"]));
            Report.Line(string.Create(CultureInfo.InvariantCulture, $"ratio c={c}: csharp/js = {cs / jsTps:0.00}x (median turns/s {cs:0} vs {jsTps:0})"));
            summaries.Add(new { concurrency = c, csharpTurnsPerSecond = cs, jsTurnsPerSecond = jsTps, ratio = cs / jsTps });
        }

        report.Set("comparison", summaries);
        report.Write(json);
        csharp.Finish(failures == 0);
        js.Finish(failures == 0);
        return failures == 0 || allowFailures ? 0 : 1;
    }

    public static async Task<int> StartupAsync(Options o, CancellationToken ct)
    {
        var common = Common.Read(o);
        var hostDll = o.String("host-dll", DefaultHostDll);
        var repeat = o.Int("repeat", 5, 1, 100);
        var json = o.String("json");
        common.RejectUnread(o);

        var report = new Report("startup");
        await using var connector = await FakeConnector.StartAsync(common.Behaviour, ct).ConfigureAwait(false);
        var ready = new List<double>();
        var first = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            // A fresh client each time: the first turn pays for its connection, as a channel's would.
            using var http = ApiLoad.CreateClient(1);
            await using var session = await common.StartAsync(http, "csharp", hostDll, null, ct).ConfigureAwait(false);
            var bot = session.Target;
            var readyMs = session.ReadyAfter.TotalMilliseconds;
            var arrived = await ApiLoad.OneTurnAsync(bot, connector, common.Questions[0], http, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            var firstMs = (arrived - session.Process!.StartTimestamp) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
            var sample = ProcessSample.TryRead(session.Process.Pid);
            ready.Add(readyMs);
            first.Add(firstMs);
            Report.Line(string.Create(CultureInfo.InvariantCulture,
                $"run {r + 1}: start to ready {readyMs,7:0.0} ms, to first answered turn {firstMs,7:0.0} ms (that turn {firstMs - readyMs:0.0} ms), peak rss {sample?.PeakRssBytes / 1048576.0:0} MB"));
            report.Add(new { startToReadyMs = readyMs, startToFirstAnswerMs = firstMs, peakRssMb = sample?.PeakRssBytes / 1048576.0 });
            session.Finish(true);
        }

        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"median of {repeat}: start to ready {Stats.Median(ready):0.0} ms, start to first answered turn {Stats.Median(first):0.0} ms"));
        report.Set("medianStartToReadyMs", Stats.Median(ready));
        report.Set("medianStartToFirstAnswerMs", Stats.Median(first));
        report.Write(json);
        return 0;
    }

    public static async Task<int> MemoryAsync(Options o, CancellationToken ct)
    {
        var common = Common.Read(o);
        var concurrency = o.Int("concurrency", 64, 1, 10_000);
        var count = o.Int("count", 20_000, 1, 10_000_000);
        var runs = o.Int("runs", 5, 2, 100);
        var settle = TimeSpan.FromSeconds(o.Double("settle-seconds", 3, 0, 600));
        var load = LoadSettings(o, count) with { Concurrency = concurrency, Warmup = 0 };
        var json = o.String("json");
        var allowFailures = o.Flag("allow-failures");
        common.RejectUnread(o);

        var report = new Report("memory");
        await using var connector = await FakeConnector.StartAsync(common.Behaviour, ct).ConfigureAwait(false);
        using var http = ApiLoad.CreateClient(concurrency);
        await using var session = await common.OpenTargetAsync(http, "csharp", ct).ConfigureAwait(false);
        var pid = session.Target.Pid ?? throw new UsageException("memory mode needs the bot's process: use --host-dll, or --bot with --pid");
        var idle = ProcessSample.TryRead(pid);
        Report.Line(string.Create(CultureInfo.InvariantCulture, $"idle after start: rss {idle?.RssBytes / 1048576.0:0.0} MB; {runs} runs of {count} turns at {concurrency} concurrent, {settle.TotalSeconds:0} s idle before each reading"));
        var failures = 0;
        var rss = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var result = await ApiLoad.RunAsync(session.Target, connector, common.Questions, load, http, ct).ConfigureAwait(false);
            failures += result.Failures;
            connector.ResetConversations();
            await Task.Delay(settle, ct).ConfigureAwait(false);
            var sample = ProcessSample.TryRead(pid);
            var mb = (sample?.RssBytes ?? 0) / 1048576.0;
            rss.Add(mb);
            Report.Line(string.Create(CultureInfo.InvariantCulture,
                $"run {r + 1}: {result.TurnsPerSecond:0} turns/s, p99 {result.TurnLatencyMs.P99:0.00} ms, failures {result.Failures}; after {settle.TotalSeconds:0} s idle: rss {mb:0.0} MB, peak {sample?.PeakRssBytes / 1048576.0:0.0} MB, threads {sample?.Threads}"));
            Report.Failures(result);
            report.Add(new { run = r + 1, result, rssMbAfterIdle = mb, peakRssMb = sample?.PeakRssBytes / 1048576.0, threads = sample?.Threads });
            if (result.BotExited)
            {
                break;
            }
        }

        if (rss.Count >= 2)
        {
            // The first run includes warm-up (JIT, pools, caches); growth is judged from run 2 on.
            var growth = rss[^1] - rss[Math.Min(1, rss.Count - 1)];
            Report.Line(string.Create(CultureInfo.InvariantCulture, $"rss growth from run 2 to run {rss.Count}: {growth:+0.0;-0.0;0.0} MB"));
            report.Set("rssGrowthMbAfterWarmup", growth);
        }

        report.Write(json);
        session.Finish(failures == 0);
        return failures == 0 || allowFailures ? 0 : 1;
    }

    public static async Task<int> DirectLineAsync(Options o, CancellationToken ct)
    {
        var common = Common.Read(o);
        var settings = new DirectLineSettings
        {
            Conversations = o.Int("conversations", 200, 1, 10_000),
            TurnsPerConversation = o.Int("turns", 5, 1, 10_000),
            Transport = o.String("transport"),
            PollInterval = TimeSpan.FromMilliseconds(o.Int("poll-ms", 100, 1, 60_000)),
            Secret = o.String("secret"),
            ReplyTimeout = TimeSpan.FromSeconds(o.Double("reply-timeout", 15, 0.1, 600)),
            MaxDuration = TimeSpan.FromSeconds(o.Double("max-seconds", 300, 1, 3600)),
        };
        var repeat = o.Int("repeat", 1, 1, 100);
        var warmup = o.Flag("no-warmup") ? 0 : o.Int("warmup", 50, 0, 10_000);
        var json = o.String("json");
        var allowFailures = o.Flag("allow-failures");
        common.RejectUnread(o);

        var report = new Report("directline");
        using var http = ApiLoad.CreateClient(settings.Conversations);
        await using var session = await common.OpenTargetAsync(http, "csharp", ct).ConfigureAwait(false);
        var failures = 0;
        var results = new List<DirectLineResult>();
        if (warmup > 0)
        {
            // Unmeasured: JIT, connection pools, the bot's caches (as the api mode's warm-up turns).
            var warm = await DirectLineLoad.RunAsync(session.Target, common.Questions, settings with { Conversations = Math.Min(warmup, settings.Conversations), TurnsPerConversation = 2 }, http, ct).ConfigureAwait(false);
            failures += warm.Failures;
            Report.Line($"warm-up: {warm.Answered}/{warm.Attempted} turns, failures {warm.Failures}");
        }

        for (var r = 0; r < repeat; r++)
        {
            var result = await DirectLineLoad.RunAsync(session.Target, common.Questions, settings, http, ct).ConfigureAwait(false);
            Report.Line(DirectLineLoad.Format(result));
            foreach (var e in result.ErrorSamples)
            {
                Report.Line("    " + e);
            }

            report.Add(result);
            results.Add(result);
            failures += result.Failures;
        }

        if (repeat > 1)
        {
            Report.Line(string.Create(CultureInfo.InvariantCulture,
                $"median of {repeat}: post to readable reply p50 {Stats.Median(results.Select(x => x.ReplyLatencyMs.P50)):0.00} ms, p99 {Stats.Median(results.Select(x => x.ReplyLatencyMs.P99)):0.00} ms, {Stats.Median(results.Select(x => x.TurnsPerSecond)):0} turns/s"));
        }

        report.Write(json);
        session.Finish(failures == 0);
        return failures == 0 || allowFailures ? 0 : 1;
    }

    private static ApiLoadSettings LoadSettings(Options o, int count) => new()
    {
        Concurrency = 1,
        Count = count,
        Warmup = o.Flag("no-warmup") ? 0 : o.Int("warmup", Math.Clamp(count / 10, 100, 5_000), 0, 10_000_000),
        MaxDuration = TimeSpan.FromSeconds(o.Double("max-seconds", 300, 1, 3600)),
        TurnsPerConversation = o.Int("turns-per-conversation", 10, 1, 1_000_000),
        ReplyTimeout = TimeSpan.FromSeconds(o.Double("reply-timeout", 10, 0.1, 600)),
        ChannelId = o.String("channel", "emulator"),
        Client = o.String("client", "raw") is "raw" or "http" ? o.String("client", "raw") : throw new UsageException("--client is raw or http"),
    };
}

/// <summary>Median lines over repeated runs of one setting.</summary>
public static class Summary
{
    public static string Median(IReadOnlyList<ApiLoadResult> runs)
    {
        if (runs.Count == 0)
        {
            return "(no runs)";
        }

        double M(Func<ApiLoadResult, double> f) => Stats.Median(runs.Select(f));
        return string.Create(CultureInfo.InvariantCulture,
            $"median of {runs.Count} {runs[0].Bot} c={runs[0].Concurrency}: {M(r => r.TurnsPerSecond):0.0} turns/s  p50 {M(r => r.TurnLatencyMs.P50):0.00}  p99 {M(r => r.TurnLatencyMs.P99):0.00}  p99.9 {M(r => r.TurnLatencyMs.P999):0.00} ms  bot {M(r => r.BotCores ?? double.NaN):0.00} cores {M(r => r.BotCpuPerTurnUs ?? double.NaN):0} us/turn  peak rss {runs.Max(r => r.BotPeakRssMb ?? double.NaN):0} MB  failures {runs.Sum(r => r.Failures)}");
    }
}
