using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Deployment;

/// <summary>
/// The host as it is deployed: <c>dotnet publish</c> into a temporary folder, started from another folder with
/// only the settings a container platform gives it (<c>ASPNETCORE_HTTP_PORTS</c>, Production, no
/// <c>Knowledge:Path</c>), then a whole conversation through its own Direct Line.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PublishedHostTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("published-host-");

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, "Cannot find the repository root (the folder with Bot.sln) above " + AppContext.BaseDirectory);
        return dir!.FullName;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task The_published_output_starts_from_another_folder_on_the_container_port_and_answers_through_its_direct_line()
    {
        var repository = RepositoryRoot();
        var configuration = typeof(PublishedHostTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var app = Path.Combine(_root.FullName, "app");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root.FullName, "elsewhere")).FullName;

        // A prebuilt index, as `index --out` writes it, named to publish (-p:KnowledgeIndex) so it travels with the app.
        var index = Path.Combine(_root.FullName, "prebuilt-index");
        var knowledge = global::Bot.Knowledge.KnowledgeLoader.Load(Path.Combine(repository, "knowledge"), global::Bot.Knowledge.KnowledgeLoadOptions.Serving).KnowledgeBase!;
        using (var built = global::Bot.Answers.AnswerEngine.BuildIndex(knowledge, new global::Bot.Answers.AnswerEngineOptions().FieldBoosts))
        {
            built.Save(index);
        }

        // The host is already built (the test project references it); publish lays out what a deployment gets.
        var (code, output) = await RunAsync("dotnet", ["publish", Path.Combine(repository, "src", "Bot.Host", "Bot.Host.csproj"), "-c", configuration, "--no-build", "-o", app, "-nologo", "-v", "quiet", "-p:KnowledgeIndex=" + index], repository);
        Assert.True(code == 0, "dotnet publish failed:\n" + output);
        Assert.Equal(
            Directory.GetFiles(index).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray(),
            Directory.GetFiles(Path.Combine(app, "knowledge-index")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        Assert.True(File.Exists(Path.Combine(app, "knowledge", "references.yaml")), "knowledge/ is missing from the publish output");
        Assert.True(File.Exists(Path.Combine(app, "knowledge", "safety", "texts.yaml")), "knowledge/safety is missing from the publish output");
        Assert.True(File.Exists(Path.Combine(app, "wwwroot", "lib", "botframework-webchat", "webchat.js")), "the Web Chat bundle is missing from the publish output");
        Assert.False(File.Exists(Path.Combine(app, "package.json")), "package.json is not part of the app");

        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = elsewhere, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(app, "Bot.Host.dll"));
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("URLS");
        info.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["AllowUnauthenticated"] = "true";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var log = new StringBuilder();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
            await WaitUntilReadyAsync(http, process, log);
            lock (log)
            {
                Assert.Contains("Loading the prebuilt index from " + Path.Combine(app, "knowledge-index"), log.ToString(), StringComparison.Ordinal);
            }

            var page = await http.GetStringAsync("/");
            Assert.Contains("Hemifacial spasm", page, StringComparison.OrdinalIgnoreCase);

            // As the page does: the signed page token from the settings, then a Direct Line token with it.
            var grant = await ReadJsonAsync(await http.GenerateAsPageAsync("{\"user\":{\"id\":\"u_published\",\"name\":\"You\"}}"));
            var token = grant.GetProperty("token").GetString()!;
            using var start = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
            start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var conversation = await ReadJsonAsync(await http.SendAsync(start));
            var id = conversation.GetProperty("conversationId").GetString()!;

            using var post = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{Uri.EscapeDataString(id)}/activities")
            {
                Content = JsonContent.Create(new { type = "message", from = new { id = "u_published" }, text = "What causes hemifacial spasm?" }),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(post)).StatusCode);

            var answer = await WaitForBotTextAsync(http, id, token, text => text.Contains("neurolog", StringComparison.OrdinalIgnoreCase));
            Assert.Matches(@"\[\d+\]", answer);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, Process process, StringBuilder log)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                lock (log)
                {
                    Assert.Fail($"The published host exited ({process.ExitCode}) during start-up:\n{log}");
                }
            }

            try
            {
                if ((await http.GetAsync("readyz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        lock (log)
        {
            Assert.Fail("The published host did not become ready in 3 minutes:\n" + log);
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> WaitForBotTextAsync(HttpClient http, string conversationId, string token, Func<string, bool> wanted)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var seen = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/activities");
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var activities = (await ReadJsonAsync(await http.SendAsync(get))).GetProperty("activities");
            seen.Clear();
            foreach (var activity in activities.EnumerateArray())
            {
                if (activity.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) && role.GetString() == "bot"
                    && activity.TryGetProperty("text", out var text) && text.GetString() is { } t)
                {
                    seen.Add(t);
                    if (wanted(t))
                    {
                        return t;
                    }
                }
            }

            await Task.Delay(300);
        }

        Assert.Fail("No such bot reply; the bot said:\n" + string.Join("\n---\n", seen));
        return "";
    }
}
