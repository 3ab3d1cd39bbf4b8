using System.Net;
using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Telemetry;

public sealed class TelemetryTests
{
    [Fact]
    public async Task The_prometheus_endpoint_counts_turns_by_answer_kind_and_urgency_without_any_message_text()
    {
        const string Question = "what is my private eyelid question";
        using var host = new BotHost(settings: new() { ["Telemetry:PrometheusEnabled"] = "true" });
        (await host.PostActivityAsync(Activities.Message(Question, id: "m1"))).EnsureSuccessStatusCode();
        (await host.PostActivityAsync(Activities.Message("emergency my face droops", id: "m2", conversationId: "conv-2"))).EnsureSuccessStatusCode();

        var metrics = "";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!metrics.Contains("Emergency", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            var response = await host.CreateClient().GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            metrics = await response.Content.ReadAsStringAsync();
            await Task.Delay(200);
        }

        Assert.Contains("bot_turns_total", metrics, StringComparison.Ordinal);
        Assert.Contains("answer_kind=\"Emergency\"", metrics, StringComparison.Ordinal);
        Assert.Contains("safety_urgency=\"CallEmergencyNow\"", metrics, StringComparison.Ordinal);
        Assert.Contains("bot_turn_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("eyelid", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("droops", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_exporter_configured_no_metrics_endpoint_is_served()
    {
        using var host = new BotHost();

        var response = await host.CreateClient().GetAsync("/metrics");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
