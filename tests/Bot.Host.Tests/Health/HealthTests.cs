using System.Net;
using Bot.Host.Answers;
using Bot.Host.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Tests.Health;

public sealed class HealthTests
{
    private sealed class NotReadySource : IAnswerEngineSource
    {
        public bool IsReady => false;
        public string? Failure => null;
        public Task<LoadedKnowledge> GetAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith<LoadedKnowledge>(_ => throw new OperationCanceledException(), TaskScheduler.Default);
    }

    [Fact]
    public async Task Liveness_and_readiness_are_200_once_the_knowledge_is_loaded()
    {
        using var host = new BotHost();
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Readiness_is_503_while_the_knowledge_is_not_loaded_but_liveness_is_200()
    {
        using var host = new BotHost();
        var client = host.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<IAnswerEngineSource>();
            s.AddSingleton<IAnswerEngineSource, NotReadySource>();
        })).CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
    }
}
