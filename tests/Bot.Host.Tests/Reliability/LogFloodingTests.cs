using System.Net;
using Bot.Host.Tests.Support;
using Bot.Protocol.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Reliability;

/// <summary>F10: what an unauthenticated request puts in the log is cut, escaped and rate-limited.</summary>
public sealed class LogFloodingTests : IDisposable
{
    private readonly BotHost _host = new(authenticated: true);
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task A_401_cannot_write_a_huge_line_or_forge_a_log_entry()
    {
        using var factory = _host.With(logs: _logs);
        var activity = Activities.Message("hi", channelId: "msteams\ncrit: Bot.Host[0] forged entry " + new string('x', 100_000));
        activity["type"] = "message\r\nfail: forged";

        var response = await factory.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var line = Assert.Single(_logs.Records, r => r.Text.Contains("Unauthorized", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line.Text);
        Assert.DoesNotContain('\r', line.Text);
        Assert.True(line.Text.Length < 2_000, $"a {line.Text.Length}-character log record");
    }

    [Fact]
    public async Task A_flood_of_unauthenticated_requests_writes_a_bounded_number_of_records()
    {
        using var factory = _host.With(logs: _logs);
        var client = factory.CreateClient();

        for (var i = 0; i < 300; i++)
        {
            var response = await factory.PostActivityAsync(Activities.Message("hi", "msteams", BotHost.TeamsServiceUrl, "a:1", "f" + i), client: client);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var written = _logs.Records.Count(r => r.Category.Contains("CloudAdapter", StringComparison.Ordinal) && r.Level >= LogLevel.Information);
        Assert.InRange(written, 1, 25);
        Assert.True(factory.Services.GetRequiredService<CloudAdapter>().SuppressedRejectionLogs >= 275);
    }

    public void Dispose() => _host.Dispose();
}
