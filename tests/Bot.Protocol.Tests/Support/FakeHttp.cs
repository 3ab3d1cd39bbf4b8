using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Bot.Testing;

/// <summary>A request the fake network received, with its body read.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Url, string? Authorization, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// An in-process stand-in for the network: the identity provider, and a Connector service that records
/// every activity the bot sends and answers 200 <c>{"id"}</c>, or whatever <see cref="ConnectorResponses"/>
/// queues (429 with Retry-After, 503, ...).
/// </summary>
public sealed class FakeHttp : HttpMessageHandler
{
    private int _ids;

    public FakeHttp(TestIdentityProvider? identity = null) => Identity = identity;

    public TestIdentityProvider? Identity { get; }

    /// <summary>Requests to anything but the identity provider (the Connector).</summary>
    public ConcurrentQueue<RecordedRequest> ConnectorRequests { get; } = new();

    /// <summary>Responses to use for the next Connector requests, in order; empty: 200 with a new id.</summary>
    public ConcurrentQueue<Func<HttpResponseMessage>> ConnectorResponses { get; } = new();

    /// <summary>Delays to wait (honouring cancellation) before answering the next Connector requests, in order.</summary>
    public ConcurrentQueue<TimeSpan> ConnectorDelays { get; } = new();

    /// <summary>Makes every Connector request fail with this status (null: succeed).</summary>
    public HttpStatusCode? AlwaysFailWith { get; set; }

    public List<JsonElement> SentActivities => ConnectorRequests.Select(r => r.Json).ToList();

    /// <summary>Runs before the identity provider answers (to make it hang or fail); null: it answers at once.</summary>
    public Func<CancellationToken, Task>? IdentityProviderHook { get; set; }

    /// <summary>Exceptions to throw for the next Connector requests, in order (after recording them).</summary>
    public ConcurrentQueue<Func<Exception>> ConnectorFailures { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Identity is not null && IdentityProviderHook is { } hook && string.Equals(request.RequestUri!.Host, TestIdentityProvider.Host, StringComparison.OrdinalIgnoreCase)
            && !request.RequestUri.AbsolutePath.Contains("/oauth2/", StringComparison.Ordinal))
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        if (Identity is not null && await Identity.Handle(request).ConfigureAwait(false) is { } idp)
        {
            return idp;
        }

        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ConnectorRequests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        if (ConnectorFailures.TryDequeue(out var fail))
        {
            throw fail();
        }

        if (ConnectorDelays.TryDequeue(out var delay))
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        if (ConnectorResponses.TryDequeue(out var respond))
        {
            return respond();
        }

        if (AlwaysFailWith is { } status)
        {
            return new HttpResponseMessage(status) { Content = new StringContent("{\"error\":{\"code\":\"Fail\",\"message\":\"test\"}}", Encoding.UTF8, "application/json") };
        }

        var id = "reply-" + Interlocked.Increment(ref _ids);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"id\":\"" + id + "\"}", Encoding.UTF8, "application/json") };
    }

    /// <summary>A handler for IHttpClientFactory that forwards here and never disposes this instance.</summary>
    public HttpMessageHandler CreateForwarder() => new Forwarder(this);

    private sealed class Forwarder(FakeHttp target) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(target, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}

/// <summary>A clock tests move by hand.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
