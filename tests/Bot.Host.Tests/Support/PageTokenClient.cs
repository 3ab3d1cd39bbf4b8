using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Bot.Host.Tests.Support;

/// <summary>What the web chat page does before it asks for a Direct Line token: read its signed page token from the settings.</summary>
public static class PageTokenClient
{
    /// <summary>The page token of <c>GET /webchat/settings</c>, for <c>Authorization: Bearer</c> on <c>tokens/generate</c>.</summary>
    public static async Task<string> FetchPageTokenAsync(this HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = JsonNode.Parse(await client.GetStringAsync(new Uri("/webchat/settings", UriKind.Relative)))!;
        return (string?)settings["pageToken"] ?? throw new InvalidOperationException("GET /webchat/settings carried no pageToken.");
    }

    /// <summary>A <c>tokens/generate</c> request carrying the page token, as the page sends it.</summary>
    public static async Task<HttpResponseMessage> GenerateAsPageAsync(this HttpClient client, string json)
    {
        var pageToken = await client.FetchPageTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v3/directline/tokens/generate", UriKind.Relative))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pageToken);
        return await client.SendAsync(request);
    }
}
