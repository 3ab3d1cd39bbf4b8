using System.Net;
using System.Net.Sockets;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// F1: idle TCP connections that never send a request must not exhaust the process's file descriptors. The real
/// host runs as a child process under a small descriptor limit (<c>ulimit -n 400</c>) with a connection limit of
/// 100; the test opens far more silent connections than either, then asks for <c>/healthz</c> on new connections.
/// Without the limits the host stops accepting (and, at the limit, the runtime dies); with them it keeps answering.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConnectionExhaustionTests
{
    private const int IdleConnections = 1000;

    [Fact]
    public async Task Idle_connections_beyond_the_limit_neither_stop_health_answers_nor_kill_the_process()
    {
        using var host = await ChildHost.StartAsync(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Limits__MaxConcurrentConnections"] = "100",
                ["Limits__MaxConcurrentUpgradedConnections"] = "50",
                // Longer than the test: only the connection limit and the eviction of silent connections act here.
                ["Limits__FirstRequestTimeout"] = "00:05:00",
                ["Limits__KeepAliveTimeout"] = "00:05:00",
            },
            fileDescriptorLimit: 400);
        var idle = new List<Socket>();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            for (var i = 0; i < IdleConnections && DateTime.UtcNow < deadline; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    using var connectTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.BaseAddress.Port), connectTimeout.Token);
                    idle.Add(socket);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    socket.Dispose();
                }
            }

            // Give the host time to accept (and refuse or evict) what it can.
            await Task.Delay(TimeSpan.FromSeconds(2));

            for (var i = 0; i < 5; i++)
            {
                using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.False(host.HasExited, "the host died:\n" + host.Output);
            Assert.DoesNotContain("Out of memory", host.Output, StringComparison.Ordinal);
            Assert.True(OpenDescriptors(host.Pid) < 400, $"the host holds {OpenDescriptors(host.Pid)} descriptors");
        }
        finally
        {
            foreach (var socket in idle)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_connection_that_sends_nothing_is_closed_after_the_first_request_timeout()
    {
        using var host = await ChildHost.StartAsync(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Limits__FirstRequestTimeout"] = "00:00:01",
        });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.BaseAddress.Port));

        var buffer = new byte[16];
        int read;
        try
        {
            read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (SocketException)
        {
            read = 0; // reset by the host
        }

        Assert.Equal(0, read); // closed by the host, no bytes
    }

    private static int OpenDescriptors(int pid) =>
        Directory.Exists($"/proc/{pid}/fd") ? Directory.GetFiles($"/proc/{pid}/fd").Length : 0;
}
