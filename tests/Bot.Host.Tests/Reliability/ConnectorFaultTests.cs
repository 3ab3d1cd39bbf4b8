using System.Net;
using Bot.Host.Tests.Support;
using Bot.Protocol.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// The Connector endpoint slow, failing, throttling or unreachable: retries only where nothing arrived, the
/// turn ends with the lost reply logged (never a 5xx for the channel), and other conversations keep being served.
/// </summary>
public sealed class ConnectorFaultTests : IDisposable
{
    private readonly BotHost _host = new();
    private readonly ScriptedConnector _connector = new();
    private readonly CapturedLogs _logs = new();

    private WebApplicationFactory<Program> Host(Dictionary<string, string?>? settings = null) => _host.With(
        services => services.AddHttpClient(BotFrameworkHttpClients.Connector).ConfigurePrimaryHttpMessageHandler(() => _connector.CreateForwarder()),
        _logs,
        settings);

    [Fact]
    public async Task A_Connector_that_hangs_for_some_conversations_does_not_hold_up_the_others()
    {
        using var factory = Host(new() { ["Connector:AttemptTimeout"] = "00:02:00", ["Connector:CallTimeout"] = "00:05:00", ["Turns:Timeout"] = "00:05:00" });
        var client = factory.CreateClient();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connector.Behaviour = async (request, _, ct) =>
        {
            if (request.RequestUri!.AbsoluteUri.Contains("/slow-", StringComparison.Ordinal))
            {
                await release.Task.WaitAsync(ct);
            }

            return null;
        };

        // More hanging turns than the machine has threads to spare: they must wait without blocking threads.
        const int hanging = 64;
        var slowTurns = Enumerable.Range(0, hanging)
            .Select(i => Task.Run(() => factory.PostActivityAsync(Activities.Message("what is it", conversationId: "slow-" + i, id: "s" + i), client: client)))
            .ToList();
        await WaitUntil(() => _connector.CallsFor("/slow-") >= hanging);

        var fast = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "fast-1", id: "f1"), client: client).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
        Assert.Equal(1, _connector.CallsFor("/fast-1/"));
        Assert.All(slowTurns, t => Assert.False(t.IsCompleted));

        release.SetResult();
        var results = await Task.WhenAll(slowTurns).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task An_unreachable_Connector_is_tried_a_bounded_number_of_times_then_the_lost_reply_is_logged()
    {
        using var factory = Host();
        _connector.Behaviour = (request, _, _) => request.RequestUri!.AbsoluteUri.Contains("/down-", StringComparison.Ordinal)
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")
            : Task.FromResult<HttpResponseMessage?>(null);

        var failed = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "down-1"));
        var other = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "up-1"));

        // BotHost sets Connector:MaxAttempts=3; a refused connection certainly did not arrive, so it is retried; no "sorry" follows.
        Assert.Equal(3, _connector.CallsFor("/down-1/"));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Warning && r.Text.Contains("not delivered", StringComparison.Ordinal) && r.Text.Contains("down-1", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(1, _connector.CallsFor("/up-1/"));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_Connector_that_keeps_throttling_gets_bounded_retries_and_other_conversations_are_served(HttpStatusCode status)
    {
        using var factory = Host();
        _connector.Behaviour = (request, _, _) =>
        {
            if (!request.RequestUri!.AbsoluteUri.Contains("/bad-", StringComparison.Ordinal))
            {
                return Task.FromResult<HttpResponseMessage?>(null);
            }

            var response = new HttpResponseMessage(status);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return Task.FromResult<HttpResponseMessage?>(response);
        };

        var failed = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "bad-1"));
        var other = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "good-1"));

        Assert.Equal(3, _connector.CallsFor("/bad-1/"));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Warning && r.Text.Contains("not delivered", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_Connector_slower_than_the_attempt_timeout_is_abandoned_after_one_attempt()
    {
        using var factory = Host(new() { ["Connector:AttemptTimeout"] = "00:00:00.200", ["Connector:CallTimeout"] = "00:00:05" });
        _connector.Behaviour = async (request, _, ct) =>
        {
            if (request.RequestUri!.AbsoluteUri.Contains("/sluggish-", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMinutes(5), ct);
            }

            return null;
        };

        var failed = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "sluggish-1")).WaitAsync(TimeSpan.FromSeconds(60));
        var other = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "brisk-1"));

        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal(1, _connector.CallsFor("/sluggish-1/"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    public void Dispose()
    {
        _host.Dispose();
        _connector.Dispose();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(20);
        }
    }
}
