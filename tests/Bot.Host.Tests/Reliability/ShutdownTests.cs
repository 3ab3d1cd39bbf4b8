using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Host.Tests.Reliability;

/// <summary>Graceful shutdown settings (the behaviour itself is tested against a real process in <see cref="ProcessFaultTests"/>).</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly BotHost _host = new();

    [Fact]
    public void The_drain_timeout_bounds_the_host_shutdown()
    {
        using var factory = _host.With(settings: new() { ["Shutdown:DrainTimeout"] = "00:00:07" });

        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(7), options.ShutdownTimeout);
    }

    public void Dispose() => _host.Dispose();
}
