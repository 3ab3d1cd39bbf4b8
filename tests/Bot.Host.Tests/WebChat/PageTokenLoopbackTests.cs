using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Reliability;

namespace Bot.Host.Tests.WebChat;

/// <summary>
/// Security review F4 reproduced against the host as a process on loopback, behind a stand-in proxy (forwarded
/// headers on, so each request can come from another visitor address): a foreign page that makes its visitors'
/// browsers call <c>tokens/generate</c>, with no page token or with one its own server fetched, reserves nothing,
/// and a real visitor of the page still gets a conversation.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PageTokenLoopbackTests
{
    private static HttpRequestMessage Generate(string forwardedFor, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("Origin", "https://attacker.example");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    [Fact]
    public async Task Visitors_of_a_foreign_page_cannot_use_up_the_conversations_and_the_real_page_still_gets_one()
    {
        using var host = await ChildHost.StartAsync(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ForwardedHeaders__Enabled"] = "true",
            ["DirectLine__MaxConversations"] = "5",
            ["RateLimiting__ConversationsPerClient__Burst"] = "1000",
        });
        var http = host.Http;

        // The attack: browsers at many addresses post generate with no page token.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await http.SendAsync(Generate($"198.51.100.{i + 1}", null));
            statuses.Add(response.StatusCode);
        }

        // The attacker's server fetches a page token and hands it to its visitors' browsers.
        using var settingsRequest = new HttpRequestMessage(HttpMethod.Get, "/webchat/settings");
        settingsRequest.Headers.Add("X-Forwarded-For", "192.0.2.50");
        using var settingsResponse = await http.SendAsync(settingsRequest);
        var stolen = (string)JsonNode.Parse(await settingsResponse.Content.ReadAsStringAsync())!["pageToken"]!;
        for (var i = 0; i < 30; i++)
        {
            using var response = await http.SendAsync(Generate($"198.51.101.{i + 1}", stolen));
            statuses.Add(response.StatusCode);
        }

        // A forged token.
        using (var forged = await http.SendAsync(Generate("198.51.102.1", "pt1.AAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")))
        {
            statuses.Add(forged.StatusCode);
        }

        // A real visitor of the page: settings, then generate with its page token, then the conversation starts.
        using var visitorSettings = new HttpRequestMessage(HttpMethod.Get, "/webchat/settings");
        visitorSettings.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var visitorSettingsResponse = await http.SendAsync(visitorSettings);
        var pageToken = (string)JsonNode.Parse(await visitorSettingsResponse.Content.ReadAsStringAsync())!["pageToken"]!;
        using var granted = await http.SendAsync(Generate("203.0.113.7", pageToken));
        var grant = JsonNode.Parse(await granted.Content.ReadAsStringAsync())!;
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        start.Headers.Add("X-Forwarded-For", "203.0.113.7");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (string)grant["token"]!);
        using var started = await http.SendAsync(start);

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(30), s => Assert.Equal(HttpStatusCode.Forbidden, s));
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
    }
}
