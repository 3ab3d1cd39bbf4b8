using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bot.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Reliability;

/// <summary>Every log record the host wrote: level, category, formatted message, exception text and scopes.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider? _scopes;

    public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Records { get; } = new();

    /// <summary>Everything written, one record per line, for "never appears" assertions.</summary>
    public string AllText => string.Join("\n", Records.Select(r => $"{r.Level} {r.Category}: {r.Text}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(" |").Append(key).Append('=').Append(value);
                }
            }

            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }

            owner._scopes?.ForEachScope((scope, sb) => sb.Append(" | scope ").Append(scope is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(",", kv.Select(p => p.Key + "=" + p.Value)) : scope), text);
            owner.Records.Enqueue((logLevel, category, text.ToString()));
        }
    }
}

public static class HostExtensions
{
    /// <summary>The host with extra settings, services or logging (on top of <see cref="BotHost"/>'s fake network).</summary>
    public static WebApplicationFactory<Program> With(this BotHost host, Action<IServiceCollection>? services = null, CapturedLogs? logs = null, Dictionary<string, string?>? settings = null) =>
        host.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings ?? [])
            {
                builder.UseSetting(key, value);
            }

            if (logs is not null)
            {
                builder.ConfigureLogging(l => l.AddProvider(logs));
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });

    public static async Task<HttpResponseMessage> PostActivityAsync(this WebApplicationFactory<Program> factory, object activity, string? token = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await (client ?? factory.CreateClient()).SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRawAsync(this WebApplicationFactory<Program> factory, string path, byte[] body, string contentType = "application/json", HttpClient? client = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return (client ?? factory.CreateClient()).PostAsync(path, content);
    }

    /// <summary>Sends a request as if from <paramref name="address"/> (TestServer lets a test set the connection's remote address).</summary>
    public static async Task<HttpContextResult> SendFromAsync(this WebApplicationFactory<Program> factory, IPAddress address, string method, string path, string? json = null)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = address;
            c.Request.Method = method;
            c.Request.Path = path;
            if (json is not null)
            {
                c.Request.ContentType = "application/json";
                c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
            }
        });
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new HttpContextResult(context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString(), body);
    }
}

public sealed record HttpContextResult(int Status, string RetryAfter, string Body);

/// <summary>A Connector stand-in whose answers a test controls per conversation (block, fail, throw), recording every call.</summary>
public sealed class ScriptedConnector : HttpMessageHandler
{
    private int _ids;

    public ConcurrentQueue<(Uri Url, string? Authorization, string Body)> Calls { get; } = new();

    /// <summary>Decides each call: return null for a normal 200 answer.</summary>
    public Func<HttpRequestMessage, string, CancellationToken, Task<HttpResponseMessage?>>? Behaviour { get; set; }

    public int CallsFor(string conversationFragment) => Calls.Count(c => c.Url.AbsoluteUri.Contains(conversationFragment, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Calls.Enqueue((request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        if (Behaviour is { } behaviour && await behaviour(request, body, cancellationToken) is { } scripted)
        {
            return scripted;
        }

        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"id\":\"r-" + Interlocked.Increment(ref _ids) + "\"}", Encoding.UTF8, "application/json"),
        };
    }

    /// <summary>A handler for IHttpClientFactory that forwards here and never disposes this instance.</summary>
    public HttpMessageHandler CreateForwarder() => new Forwarder(this);

    private sealed class Forwarder(ScriptedConnector target) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(target, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}
