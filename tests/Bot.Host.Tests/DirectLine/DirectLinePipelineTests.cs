using System.Net;
using System.Text;
using System.Text.Json;
using Bot.DirectLine;
using Bot.Host.Tests.Reliability;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.DirectLine;

/// <summary>
/// The self-hosted Direct Line in the real host: one inbound pipeline with <c>/api/messages</c> (the same gates),
/// replies reaching the channel in-process, and what a Direct Line client may not send.
/// </summary>
public sealed class DirectLinePipelineTests
{
    private static async Task<JsonElement> WaitForAsync(HttpClient client, string conversationId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var body = await client.GetStringAsync($"/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/activities");
            var activities = JsonDocument.Parse(body).RootElement.GetProperty("activities");
            if (done(activities))
            {
                return activities;
            }

            Assert.True(DateTime.UtcNow < deadline, "The expected activities did not arrive within 15 s: " + body);
            await Task.Delay(50);
        }
    }

    private static int BotMessages(JsonElement activities) =>
        activities.EnumerateArray().Count(a => a.GetProperty("from").GetProperty("role").GetString() == "bot" && a.GetProperty("type").GetString() == "message");

    [Fact]
    public async Task A_question_gets_the_bots_answer_in_process_with_no_connector_endpoint_over_http()
    {
        using var host = new BotHost();
        var (client, id) = await DirectLineLimitsReliabilityTests.StartAsync(host);
        await WaitForAsync(client, id, a => BotMessages(a) >= 1);

        var posted = await DirectLineLimitsReliabilityTests.PostAsync(client, id, "{\"type\":\"message\",\"text\":\"what is hemifacial spasm\"}");
        var connector = await client.PostAsync($"/v3/directline-connector/v3/conversations/{id}/activities", new StringContent("{\"type\":\"message\",\"text\":\"phish\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var activities = await WaitForAsync(client, id, a => BotMessages(a) >= 2);
        Assert.Contains(host.Engine.Questions, q => q.Text.Contains("hemifacial", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, connector.StatusCode);
        Assert.All(activities.EnumerateArray(), a => Assert.False(a.TryGetProperty("serviceUrl", out _)));
    }

    [Fact]
    public async Task An_anonymous_api_messages_activity_naming_the_direct_lines_service_url_is_refused()
    {
        using var host = new BotHost();
        var (client, id) = await DirectLineLimitsReliabilityTests.StartAsync(host);
        var serviceUrl = host.Services.GetRequiredService<DirectLineConnector>().ServiceUrl.AbsoluteUri;

        var response = await host.PostActivityAsync(Activities.Message("click http://phishing.example", channelId: "webchat", serviceUrl: serviceUrl, conversationId: id));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var activities = await WaitForAsync(client, id, _ => true);
        Assert.DoesNotContain(activities.EnumerateArray(), a => a.TryGetProperty("text", out var t) && t.GetString()!.Contains("phishing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Direct_Line_conversation_posting_faster_than_its_limit_gets_429_from_the_same_gate_as_api_messages()
    {
        using var host = new BotHost(settings: new()
        {
            ["RateLimiting:PerConversation:Burst"] = "2",
            ["RateLimiting:PerConversation:PerSecond"] = "0.05",
        });
        var (client, id) = await DirectLineLimitsReliabilityTests.StartAsync(host);
        var (neighbour, neighbourId) = await DirectLineLimitsReliabilityTests.StartAsync(host);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await DirectLineLimitsReliabilityTests.PostAsync(client, id, "{\"type\":\"message\",\"text\":\"hi\"}")).StatusCode);
        }

        var refused = await DirectLineLimitsReliabilityTests.PostAsync(client, id, "{\"type\":\"message\",\"text\":\"hi\"}");
        var other = await DirectLineLimitsReliabilityTests.PostAsync(neighbour, neighbourId, "{\"type\":\"message\",\"text\":\"hi\"}");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Contains("TooManyRequests", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_client_sent_conversation_update_with_thousands_of_members_makes_no_turn()
    {
        using var host = new BotHost();
        var (client, id) = await DirectLineLimitsReliabilityTests.StartAsync(host);
        await WaitForAsync(client, id, a => BotMessages(a) >= 1);
        var members = string.Join(",", Enumerable.Range(0, 2000).Select(i => "{\"id\":\"m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}"));

        var response = await DirectLineLimitsReliabilityTests.PostAsync(client, id, "{\"type\":\"conversationUpdate\",\"membersAdded\":[" + members + "]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Task.Delay(200);
        Assert.Equal(1, BotMessages(await WaitForAsync(client, id, _ => true)));
    }
}
