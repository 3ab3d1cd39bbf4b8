using System.Net;
using Bot.Host.Tests.Support;
using Bot.Protocol.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Host.Tests.Reliability;

/// <summary>Graceful shutdown: turns in flight finish, new requests are refused.</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly BotHost _host = new();
    private readonly ScriptedConnector _connector = new();

    [Fact]
    public async Task After_the_stop_signal_a_turn_in_flight_finishes_and_new_requests_get_503()
    {
        using var factory = _host.With(
            services => services.AddHttpClient(BotFrameworkHttpClients.Connector).ConfigurePrimaryHttpMessageHandler(() => _connector.CreateForwarder()),
            settings: new() { ["Connector:AttemptTimeout"] = "00:01:00" });
        var client = factory.CreateClient();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connector.Behaviour = async (_, _, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return null;
        };

        var inFlight = factory.PostActivityAsync(Activities.Message("what is it", conversationId: "in-flight"), client: client);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_connector.Calls.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < deadline, "the turn never reached the Connector");
            await Task.Delay(10);
        }

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var refused = await factory.PostActivityAsync(Activities.Message("what is it", conversationId: "late"), client: client);
        release.SetResult();
        var finished = await inFlight.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Single(_connector.Calls);
        Assert.DoesNotContain(_host.Engine.Questions, q => q.Text == "late");
    }

    [Fact]
    public void The_drain_timeout_bounds_the_host_shutdown()
    {
        using var factory = _host.With(settings: new() { ["Shutdown:DrainTimeout"] = "00:00:07" });

        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(7), options.ShutdownTimeout);
    }

    public void Dispose()
    {
        _host.Dispose();
        _connector.Dispose();
    }
}
