using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Bot.LoadDriver;

/// <summary>
/// Several running instances behind one address: a YARP round-robin reverse proxy in this process on a free
/// loopback port (WebSockets included), as a load balancer puts them. Given with <c>--bot URL</c> more than once.
/// Its CPU is the driver's, not the bots'.
/// </summary>
public sealed class RoundRobinProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RoundRobinProxy(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<RoundRobinProxy> StartAsync(IReadOnlyList<Uri> instances, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "bots", Match = new RouteMatch { Path = "{**catch-all}" } }],
            [new ClusterConfig
            {
                ClusterId = "bots",
                LoadBalancingPolicy = "RoundRobin",
                Destinations = instances.Select((u, i) => (u, i)).ToDictionary(x => "bot" + x.i, x => new DestinationConfig { Address = x.u.AbsoluteUri }),
            }]);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapReverseProxy();
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RoundRobinProxy(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
