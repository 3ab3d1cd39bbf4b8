using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Reliability;
using Bot.Host.Tests.Support;
using Bot.Host.WebChat;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests.WebChat;

/// <summary>
/// Security review F4 (Web Chat lockout): <c>tokens/generate</c> of the built-in Direct Line answers only the page this
/// host served (its signed page token) or a server holding the Direct Line secret; everyone else is refused before a
/// conversation is reserved.
/// </summary>
public sealed class PageTokenEndpointTests
{
    private const string Key = "q2a3Yk1qcW5Yb0dLcnJ5cXJrWmNwU0tJQ2RmR3RzZm8=";
    private const string ServerSecret = "server-secret-0123456789-abcdefghijklmnop";

    private static readonly IPAddress Visitor = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.9");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> GenerateAsync(HttpClient client, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate") { Content = Json("{\"user\":{\"id\":\"u_page\"}}") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!;

    [Fact]
    public async Task Generate_without_a_page_token_is_refused_with_a_message_that_says_what_to_send()
    {
        using var host = new BotHost();
        using var client = host.CreateClient();

        using var response = await GenerateAsync(client, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("PageTokenRequired", body, StringComparison.Ordinal);
        Assert.Contains("/webchat/settings", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_token_from_the_settings_gets_a_conversation_that_starts()
    {
        using var host = new BotHost();
        using var client = host.CreateClient();

        using var settingsResponse = await client.GetAsync("/webchat/settings");
        var settings = JsonNode.Parse(await settingsResponse.Content.ReadAsStringAsync())!;
        using var generated = await GenerateAsync(client, (string)settings["pageToken"]!);
        var grant = JsonNode.Parse(await generated.Content.ReadAsStringAsync())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)grant["token"]!);
        using var started = await client.PostAsync("/v3/directline/conversations", Json("{}"));

        Assert.Equal("no-store", settingsResponse.Headers.CacheControl?.ToString());
        Assert.StartsWith("pt1.", (string)settings["pageToken"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
    }

    [Theory]
    [InlineData("pt1.AAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-page-token")]
    [InlineData(ServerSecret + "x")]
    public async Task Generate_with_a_forged_token_or_a_wrong_secret_is_refused(string bearer)
    {
        using var host = new BotHost(settings: new() { ["WebChat:PageToken:ServerSecret"] = ServerSecret });
        using var client = host.CreateClient();

        using var response = await GenerateAsync(client, bearer);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PageTokenInvalid", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Generate_with_an_expired_page_token_is_refused_and_asks_for_a_reload()
    {
        using var host = new BotHost(settings: new() { ["WebChat:PageToken:Key"] = Key });
        using var client = host.CreateClient();
        var sameKeyElevenMinutesAgo = new PageTokens(
            Options.Create(new WebChatOptions { PageToken = new PageTokenOptions { Key = Key } }),
            new FixedTime(DateTimeOffset.UtcNow.AddMinutes(-11)));

        using var response = await GenerateAsync(client, sameKeyElevenMinutesAgo.Issue(null));
        using var fresh = await GenerateAsync(client, new PageTokens(
            Options.Create(new WebChatOptions { PageToken = new PageTokenOptions { Key = Key } }), TimeProvider.System).Issue(null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PageTokenExpired", await ErrorCodeAsync(response));
        Assert.Contains("reload", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task A_page_token_fetched_by_one_address_does_not_work_from_another()
    {
        using var host = new BotHost();

        var settings = JsonNode.Parse((await host.SendFromAsync(Attacker, "GET", "/webchat/settings")).Body)!;
        var stolen = (string)settings["pageToken"]!;
        var fromVisitor = await SendWithBearerAsync(host, Visitor, stolen);
        var fromAttacker = await SendWithBearerAsync(host, Attacker, stolen);

        Assert.Equal(403, fromVisitor.Status);
        Assert.Equal(200, fromAttacker.Status);
    }

    [Fact]
    public async Task A_server_with_the_direct_line_secret_gets_tokens_without_a_page()
    {
        using var host = new BotHost(settings: new() { ["WebChat:PageToken:ServerSecret"] = ServerSecret });
        using var client = host.CreateClient();

        using var response = await GenerateAsync(client, ServerSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]);
    }

    [Fact]
    public async Task With_the_page_token_switched_off_anyone_may_generate_and_the_settings_carry_none()
    {
        using var host = new BotHost(settings: new() { ["WebChat:PageToken:Required"] = "false" });
        using var client = host.CreateClient();

        var settings = await client.GetFromJsonAsync<JsonObject>("/webchat/settings");
        using var response = await GenerateAsync(client, null);

        Assert.False(settings!.ContainsKey("pageToken"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_azure_token_exchange_asks_the_same_page_token()
    {
        using var host = new BotHost(settings: new() { ["WebChat:DirectLineSecret"] = "azure-secret" });
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/webchat/token", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("PageTokenRequired", await ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("WebChat:PageToken:Key", "c2hvcnQ=", "WebChat:PageToken:Key")]
    [InlineData("WebChat:PageToken:ServerSecret", "short", "WebChat:PageToken:ServerSecret")]
    [InlineData("WebChat:PageToken:Lifetime", "02:00:00", "WebChat:PageToken:Lifetime")]
    public void A_bad_page_token_setting_stops_the_start_with_a_message_naming_it(string key, string value, string named)
    {
        using var host = new BotHost(settings: new() { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpContextResult> SendWithBearerAsync(BotHost host, IPAddress from, string bearer)
    {
        var context = await host.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = from;
            c.Request.Method = "POST";
            c.Request.Path = "/v3/directline/tokens/generate";
            c.Request.Headers.Authorization = "Bearer " + bearer;
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream("{}"u8.ToArray());
        });
        return new HttpContextResult(context.Response.StatusCode, "", await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
