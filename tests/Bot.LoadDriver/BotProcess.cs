using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bot.LoadDriver;

/// <summary>A bot under test: a URL, and the process behind it when its id is known.</summary>
public sealed record BotTarget(string Name, Uri BaseUrl, int? Pid, BotProcess? Process)
{
    public Uri MessagesUrl => new(BaseUrl, "api/messages");

    public bool Alive => Process is null || !Process.HasExited;
}

/// <summary>
/// A bot process the driver starts itself (the Release C# host or the JS echo fixture) on a free
/// loopback port, its output appended to a log file, stopped with SIGTERM (then SIGKILL) at the end.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BotProcess(Process process, Uri baseUrl, long startTimestamp, string logPath, string description)
    {
        _process = process;
        BaseUrl = baseUrl;
        StartTimestamp = startTimestamp;
        LogPath = logPath;
        Description = description;
    }

    public Uri BaseUrl { get; }

    public int Pid => _process.Id;

    /// <summary><see cref="Stopwatch"/> timestamp taken just before the process was started.</summary>
    public long StartTimestamp { get; }

    public string LogPath { get; }

    public string Description { get; }

    public bool HasExited => _process.HasExited;

    /// <summary><c>dotnet Bot.Host.dll --urls http://127.0.0.1:port</c>, in the app's folder.</summary>
    public static BotProcess StartDotnet(string dll, IReadOnlyDictionary<string, string> environment, string logDirectory, IReadOnlyList<string> extraArgs)
    {
        if (!File.Exists(dll))
        {
            throw new UsageException($"host not found: {dll} (build it first: dotnet build src/Bot.Host -c Release)");
        }

        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        string[] args = ["dotnet", Path.GetFullPath(dll), "--urls", $"http://127.0.0.1:{port}", .. extraArgs];
        // The app's own folder as working directory, as a deployment runs it: ASP.NET Core reads
        // appsettings.json from there, and the host finds knowledge/ by walking up from it.
        return Start(args, Path.GetDirectoryName(Path.GetFullPath(dll))!, environment, baseUrl, logDirectory, "csharp");
    }

    /// <summary><c>node index.js</c> in the fixture folder, with <c>PORT</c> set.</summary>
    public static BotProcess StartNode(string directory, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        if (!File.Exists(Path.Combine(directory, "index.js")))
        {
            throw new UsageException($"no index.js in {directory}");
        }

        if (!Directory.Exists(Path.Combine(directory, "node_modules", "botbuilder")))
        {
            throw new UsageException($"botbuilder is not installed in {directory}: run `npm ci` there first");
        }

        var port = FreePort();
        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal) { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["NODE_ENV"] = "production" };
        return Start(["node", "index.js"], Path.GetFullPath(directory), env, new Uri($"http://127.0.0.1:{port}/"), logDirectory, "js");
    }

    private static BotProcess Start(string[] command, string workingDirectory, IReadOnlyDictionary<string, string> environment, Uri baseUrl, string logDirectory, string name)
    {
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"{name}-{baseUrl.Port}.log");
        // sh execs the bot, so the pid is the bot's own; its output goes straight to the file, and the
        // driver spends no CPU draining pipes while it measures.
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$@\" >>\"$LOADDRIVER_BOT_LOG\" 2>&1 </dev/null");
        info.ArgumentList.Add("sh");
        foreach (var part in command)
        {
            info.ArgumentList.Add(part);
        }

        // Load stays on loopback: no proxy may divert the bot's connector calls.
        foreach (var key in new[] { "http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY" })
        {
            info.Environment.Remove(key);
        }

        info.Environment["NO_PROXY"] = "127.0.0.1,localhost,::1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["LOADDRIVER_BOT_LOG"] = logPath;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
        return new BotProcess(process, baseUrl, started, logPath, string.Join(' ', command));
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; returns the time since the process started.</summary>
    public async Task<TimeSpan> WaitReadyAsync(HttpClient http, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseUrl, path.TrimStart('/'));
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (HasExited)
            {
                throw new BotFailedException($"the bot exited with code {_process.ExitCode} before {path} answered 200; log {LogPath}:\n{LogTail()}");
            }

            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(probe.Token, cancellationToken);
                using var response = await http.GetAsync(url, linked.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(StartTimestamp);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe timed out; try again until the deadline.
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new BotFailedException($"{path} did not answer 200 within {timeout.TotalSeconds:0} s; log {LogPath}:\n{LogTail()}");
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    public string LogTail(int lines = 20)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                if (term is not null)
                {
                    await term.WaitForExitAsync().ConfigureAwait(false);
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public sealed class BotFailedException(string message) : Exception(message);

/// <summary>Locates the repository (the folder holding Bot.sln) and files relative to it.</summary>
public static class Repository
{
    public static string? Root { get; } = Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory);

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Bot.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>A path under the repository root, or null when the repository cannot be found.</summary>
    public static string? Path(params string[] parts) => Root is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine([Root, .. parts]));
}
