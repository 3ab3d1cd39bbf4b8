using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Bot.Tests.Services;

/// <summary>One request as the proxy forwarded it: the instance that got it, in arrival order.</summary>
public sealed record ProxiedRequest(long Sequence, string Instance, string Method, string Path, bool WebSocket);

/// <summary>
/// A YARP reverse proxy on a free loopback port, round robin over the given instances, with the active health
/// check a load balancer has (<c>/readyz</c> every second; two failures and the instance is out) and passive
/// checks on failed requests. It records which instance each request went to: the proof of where tokens, posts
/// and streams landed. One copy, linked into the multi-instance tests and the load driver (--bot URL given more
/// than once); its CPU is its host process's, not the bots'.
/// </summary>
public sealed class RoundRobinProxy : IAsyncDisposable
{
    public const string ClusterId = "hosts";

    private readonly WebApplication _app;
    private long _sequence;

    private RoundRobinProxy(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<ProxiedRequest> Requests { get; } = new();

    /// <summary>The status each request was answered with, by <see cref="ProxiedRequest.Sequence"/>, once answered.</summary>
    public ConcurrentDictionary<long, int> Statuses { get; } = new();

    public static async Task<RoundRobinProxy> StartAsync(IReadOnlyDictionary<string, Uri> instances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var routes = new[]
        {
            new RouteConfig { RouteId = "all", ClusterId = ClusterId, Match = new RouteMatch { Path = "{**catch-all}" } },
        };
        var clusters = new[]
        {
            new ClusterConfig
            {
                ClusterId = ClusterId,
                LoadBalancingPolicy = "RoundRobin",
                Destinations = instances.ToDictionary(i => i.Key, i => new DestinationConfig { Address = i.Value.AbsoluteUri }),
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true,
                        Interval = TimeSpan.FromSeconds(1),
                        Timeout = TimeSpan.FromSeconds(2),
                        Policy = "ConsecutiveFailures",
                        Path = "/readyz",
                    },
                    Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromMinutes(5) },
                },
            },
        };
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        var proxy = new RoundRobinProxy(app);
        app.UseWebSockets();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.Use(async (context, next) =>
            {
                var feature = context.GetReverseProxyFeature();
                long? sequence = null;
                if (feature.AvailableDestinations is [var chosen])
                {
                    sequence = Interlocked.Increment(ref proxy._sequence);
                    proxy.Requests.Enqueue(new ProxiedRequest(
                        sequence.Value,
                        chosen.DestinationId,
                        context.Request.Method,
                        context.Request.Path.Value ?? "",
                        context.WebSockets.IsWebSocketRequest));
                }

                await next().ConfigureAwait(false);
                if (sequence is { } done)
                {
                    proxy.Statuses[done] = context.Response.StatusCode;
                }
            });
            pipeline.UsePassiveHealthChecks();
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return proxy;
    }

    /// <summary>Waits until the proxy's health checks have taken <paramref name="instance"/> out of the rotation.</summary>
    public async Task WaitUntilOutOfRotationAsync(string instance, TimeSpan timeout)
    {
        var lookup = _app.Services.GetRequiredService<IProxyStateLookup>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (lookup.TryGetCluster(ClusterId, out var cluster)
                && cluster.Destinations.TryGetValue(instance, out var destination)
                && (destination.Health.Active == DestinationHealth.Unhealthy || destination.Health.Passive == DestinationHealth.Unhealthy))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"The proxy still routes to {instance} after {timeout.TotalSeconds} s.");
    }

    /// <summary>Which instance the round robin gives the next request to (nothing else is in flight when it is asked).</summary>
    public string? LastInstance => Requests.LastOrDefault()?.Instance;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
