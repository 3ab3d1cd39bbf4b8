using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.MultiInstance.Tests;

/// <summary>
/// Web Chat's Direct Line JS client (<c>botframework-directlinejs</c> from npm) in a Node process
/// (<c>WebChatClient/client.js</c>), one visitor per conversation, through the given base address. Commands go
/// in on stdin, every event the client raises comes back on stdout and is kept in order.
/// </summary>
public sealed class WebChatClient : IDisposable
{
    private readonly Process _process;
    private readonly List<JsonObject> _events = [];
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _changed = new(0);

    private WebChatClient(Process process) => _process = process;

    public static WebChatClient Start(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var directory = typeof(WebChatClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "WebChatClientDirectory").Value!;
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "botframework-directlinejs")))
        {
            throw new InvalidOperationException($"{directory}/node_modules is missing: the test project's build runs npm ci there (node and npm must be installed).");
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("client.js");
        info.ArgumentList.Add(baseAddress.AbsoluteUri);
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        var client = new WebChatClient(process);
        process.OutputDataReceived += (_, e) => client.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (client._errors)
            {
                client._errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Everything the client has reported so far, in order.</summary>
    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>The activities the client received in conversation <paramref name="conv"/>, in the order it got them.</summary>
    public IReadOnlyList<JsonObject> Activities(string conv) => Events
        .Where(e => (string?)e["event"] == "activity" && (string?)e["conv"] == conv)
        .Select(e => (JsonObject)e["activity"]!)
        .ToList();

    /// <summary>Opens conversation <paramref name="conv"/> as a new visitor of the page; returns its Direct Line conversation id.</summary>
    public async Task<string> StartConversationAsync(string conv)
    {
        Send(new JsonObject { ["cmd"] = "start", ["conv"] = conv });
        var started = await WaitForEventAsync(e => (string?)e["conv"] == conv && (string?)e["event"] is "started" or "tokenFailed", TimeSpan.FromSeconds(60));
        if ((string?)started["event"] != "started")
        {
            throw new InvalidOperationException("The client got no token: " + started.ToJsonString());
        }

        // ConnectionStatus.Online is 2: the conversation is started and the WebSocket opened.
        await WaitForEventAsync(e => (string?)e["conv"] == conv && (string?)e["event"] == "status" && (int?)e["status"] == 2, TimeSpan.FromSeconds(60));
        return (string)started["conversationId"]!;
    }

    /// <summary>Sends a post without waiting; its result comes as a <c>posted</c> or <c>postFailed</c> event with <paramref name="reference"/>.</summary>
    public void BeginPost(string conv, string reference, JsonObject activity) =>
        Send(new JsonObject { ["cmd"] = "post", ["conv"] = conv, ["ref"] = reference, ["activity"] = activity });

    /// <summary>Posts and waits for the outcome: the <c>posted</c> event (with the activity id) or <c>postFailed</c> (with the HTTP status).</summary>
    public async Task<JsonObject> PostAsync(string conv, string reference, JsonObject activity)
    {
        BeginPost(conv, reference, activity);
        return await WaitForPostAsync(reference);
    }

    public Task<JsonObject> WaitForPostAsync(string reference) =>
        WaitForEventAsync(e => (string?)e["ref"] == reference && (string?)e["event"] is "posted" or "postFailed", TimeSpan.FromSeconds(60));

    /// <summary>Waits until the client has received an activity in <paramref name="conv"/> that matches.</summary>
    public async Task<JsonObject> WaitForActivityAsync(string conv, Func<JsonObject, bool> match, TimeSpan timeout)
    {
        var found = await WaitForEventAsync(e => (string?)e["event"] == "activity" && (string?)e["conv"] == conv && match((JsonObject)e["activity"]!), timeout);
        return (JsonObject)found["activity"]!;
    }

    public async Task<JsonObject> WaitForEventAsync(Func<JsonObject, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Events.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException("The Direct Line JS client exited: " + Errors);
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("The Direct Line JS client did not report the expected event. Its events:\n"
                    + string.Join('\n', Events.Select(e => Cut(e.ToJsonString()))) + "\nstderr: " + Errors);
            }

            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.WriteLine("{\"cmd\":\"end\"}");
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
            }

            if (!_process.WaitForExit(5_000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        _process.Dispose();
        _changed.Dispose();
    }

    private void Send(JsonObject command)
    {
        _process.StandardInput.WriteLine(command.ToJsonString());
        _process.StandardInput.Flush();
    }

    private void OnOutput(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        JsonObject? parsed;
        try
        {
            parsed = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            parsed = null;
        }

        lock (_events)
        {
            _events.Add(parsed ?? new JsonObject { ["event"] = "output", ["line"] = line });
        }

        _changed.Release();
    }

    private static string Cut(string s) => s.Length > 400 ? s[..400] + "…" : s;
}
