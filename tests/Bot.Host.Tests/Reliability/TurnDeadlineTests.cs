using System.Diagnostics.Metrics;
using System.Net;
using Bot.Host.Tests.Support;
using Bot.Protocol.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// F9, F16, F1 (turns), F5 (abandoned requests): a slow or failing Connector against the real host. One deadline per
/// turn, no second copy of a send that may have arrived, no apology after it, the channel answered 200 (never 5xx)
/// with the lost reply logged by conversation and activity id and counted, and load shed with 503 + Retry-After.
/// </summary>
public sealed class TurnDeadlineTests : IDisposable
{
    private readonly BotHost _host = new();
    private readonly ScriptedConnector _connector = new();
    private readonly CapturedLogs _logs = new();

    private WebApplicationFactory<Program> Host(Dictionary<string, string?>? settings = null) => _host.With(
        services => services.AddHttpClient(BotFrameworkHttpClients.Connector).ConfigurePrimaryHttpMessageHandler(() => _connector.CreateForwarder()),
        _logs,
        settings);

    private static Task<HttpResponseMessage?> Hang(CancellationToken ct) =>
        Task.Delay(Timeout.Infinite, ct).ContinueWith<HttpResponseMessage?>(_ => throw new OperationCanceledException(ct), TaskScheduler.Default);

    [Fact]
    public async Task A_Connector_that_never_answers_gets_one_send_and_the_request_is_answered_200_by_the_turn_deadline()
    {
        using var factory = Host(new()
        {
            ["Turns:Timeout"] = "00:00:01",
            ["Connector:AttemptTimeout"] = "00:02:00",
            ["Connector:CallTimeout"] = "00:05:00",
        });
        _connector.Behaviour = (_, _, ct) => Hang(ct);
        using var undelivered = new MeasuredCounter("bot.replies.undelivered");

        var response = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "slow-conv-7", id: "act-42"))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _connector.CallsFor("/slow-conv-7/")); // no retry, no apology
        var lost = Assert.Single(_logs.Records, r => r.Text.Contains("reply was not delivered", StringComparison.Ordinal));
        Assert.Contains("slow-conv-7", lost.Text, StringComparison.Ordinal);
        Assert.Contains("act-42", lost.Text, StringComparison.Ordinal);
        Assert.Contains("deadline", lost.Text, StringComparison.Ordinal);
        Assert.Equal(1, factory.Services.GetRequiredService<CloudAdapter>().UndeliveredReplies);
        Assert.True(undelivered.Total >= 1);
    }

    [Fact]
    public async Task A_timed_out_send_is_not_retried_and_no_apology_follows()
    {
        using var factory = Host(new() { ["Connector:AttemptTimeout"] = "00:00:00.200", ["Connector:CallTimeout"] = "00:00:05" });
        _connector.Behaviour = (_, _, ct) => Hang(ct);

        var response = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "sluggish-1")).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_connector.Calls);
        Assert.DoesNotContain("something went wrong", call.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(_logs.Records, r => r.Level == LogLevel.Warning && r.Text.Contains("not delivered", StringComparison.Ordinal) && r.Text.Contains("sluggish-1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_gateway_error_is_sent_once_and_the_channel_gets_200(HttpStatusCode status)
    {
        using var factory = Host();
        _connector.Behaviour = (_, _, _) => Task.FromResult<HttpResponseMessage?>(new HttpResponseMessage(status));

        var response = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "gw-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _connector.CallsFor("/gw-1/"));
    }

    [Fact]
    public async Task A_Retry_After_that_fits_the_deadline_is_honoured_and_the_answer_arrives_once()
    {
        using var factory = Host();
        var calls = 0;
        _connector.Behaviour = (_, _, _) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return Task.FromResult<HttpResponseMessage?>(null);
            }

            var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(100));
            return Task.FromResult<HttpResponseMessage?>(throttled);
        };

        var response = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "throttled-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _connector.CallsFor("/throttled-1/"));
        Assert.DoesNotContain(_logs.Records, r => r.Text.Contains("not delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Beyond_the_concurrent_turn_limit_activities_get_503_with_Retry_After_and_the_running_ones_finish()
    {
        using var factory = Host(new() { ["Turns:MaxConcurrent"] = "2", ["Turns:Timeout"] = "00:01:00", ["Turns:RetryAfter"] = "00:00:03" });
        var client = factory.CreateClient();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connector.Behaviour = async (_, _, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return null;
        };

        var running = Enumerable.Range(0, 2)
            .Select(i => factory.PostActivityAsync(Activities.Message("what is it", conversationId: "held-" + i, id: "h" + i), client: client))
            .ToList();
        await WaitUntil(() => _connector.CallsFor("/held-") >= 2);
        var shed = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "extra-1"), client: client);
        release.SetResult();
        var finished = await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
        Assert.Equal("3", shed.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Overloaded", await shed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _connector.CallsFor("/extra-1/"));
        Assert.All(finished, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, factory.Services.GetRequiredService<CloudAdapter>().ShedTurns);
    }

    [Fact]
    public async Task A_turn_stops_when_its_inbound_request_is_abandoned()
    {
        using var factory = Host(new() { ["Turns:Timeout"] = "00:05:00", ["Connector:AttemptTimeout"] = "00:05:00", ["Connector:CallTimeout"] = "00:05:00" });
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connector.Behaviour = async (_, _, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return null;
        };
        var client = factory.CreateClient();
        using var abandon = new CancellationTokenSource();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(Activities.Message("what is it", conversationId: "gone-1")), System.Text.Encoding.UTF8, "application/json"),
        };
        var pending = client.SendAsync(request, abandon.Token);
        await WaitUntil(() => _connector.CallsFor("/gone-1/") >= 1);

        await abandon.CancelAsync();
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        Assert.Equal(1, _connector.CallsFor("/gone-1/"));
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

    /// <summary>Sums one counter of the <c>Bot.Protocol</c> meter while alive.</summary>
    private sealed class MeasuredCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public MeasuredCounter(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Bot.Protocol" && instrument.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
