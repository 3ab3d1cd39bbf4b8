using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// The real host as a separate process (<c>dotnet Bot.Host.dll</c> from the test output, real Kestrel on a
/// free loopback port, the real knowledge), for what only a process shows: a crash (kill -9) and a stop signal.
/// </summary>
public sealed class ChildHost : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildHost(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="environment">Settings for the child, as environment variables.</param>
    /// <param name="waitUntilReady">Wait for <c>/readyz</c> to answer 200.</param>
    /// <param name="fileDescriptorLimit">When set, the child runs under <c>ulimit -n</c> of this value (a small machine's limit, reached quickly).</param>
    public static async Task<ChildHost> StartAsync(IDictionary<string, string> environment, bool waitUntilReady = true, int? fileDescriptorLimit = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(fileDescriptorLimit is null ? "dotnet" : "/bin/sh")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (fileDescriptorLimit is { } limit)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ulimit -n {limit} && exec dotnet \"$@\""));
            info.ArgumentList.Add("sh");
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.Host.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var host = new ChildHost(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitUntilReady)
        {
            await host.WaitReadyAsync();
        }

        return host;
    }

    /// <summary>SIGKILL: no shutdown code runs at all.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
    }

    /// <summary>SIGTERM: the host's graceful shutdown.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            return false;
        }

        // The timed overload can return before the redirected output's last lines are read; the untimed one waits
        // for them (the process has exited, so it returns at once), so Output holds everything the host wrote.
        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(30_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The host exited during start-up:\n" + Output);
            }

            try
            {
                using var response = await Http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The host did not become ready:\n" + Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A Connector on a real loopback socket that records the bot's replies and can hold them until released.</summary>
public sealed class LoopbackConnector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackConnector(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>While set and not completed, every reply waits for it (a slow channel).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public Uri ServiceUrl { get; private set; } = null!;

    public static async Task<LoopbackConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var connector = new LoopbackConnector(app);
        async Task<IResult> Receive(HttpContext http)
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            connector.Received.Enqueue(body);
            if (connector.Hold is { } hold)
            {
                await hold.Task;
            }

            return Results.Json(new { id = "r" + connector.Received.Count });
        }

        app.MapPost("/v3/conversations/{conversationId}/activities", (Delegate)Receive);
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (Delegate)Receive);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
