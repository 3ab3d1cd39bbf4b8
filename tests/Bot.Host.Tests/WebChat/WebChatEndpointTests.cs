using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Support;
using Bot.Host.WebChat;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests.WebChat;

/// <summary>The page's files, its settings endpoint and the Azure Direct Line token exchange (over the in-memory test server).</summary>
public sealed class WebChatEndpointTests
{
    /// <summary>Stands in for Azure's Direct Line token service and records what it was sent.</summary>
    private sealed class FakeAzureDirectLine(HttpStatusCode status) : HttpMessageHandler
    {
        public List<(Uri Url, string? Authorization, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri!, request.Headers.Authorization?.ToString(), await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(status)
            {
                Content = JsonContent.Create(new { conversationId = "azure-conv", token = "azure-token", expires_in = 3600 }),
            };
        }
    }

    private static HttpClient Client(Dictionary<string, string?>? settings = null, FakeAzureDirectLine? azure = null)
    {
        var host = new BotHost(settings: settings);
        var factory = azure is null ? host : host.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddHttpClient(WebChatExtensions.AzureTokenClient).ConfigurePrimaryHttpMessageHandler(() => azure)));
        return factory.CreateClient();
    }

    [Fact]
    public async Task The_page_is_served_at_the_root_with_landmarks_a_viewport_and_no_inline_script()
    {
        using var client = Client();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        foreach (var landmark in new[] { "<header", "<main", "<footer", "<h1>" })
        {
            Assert.Contains(landmark, html, StringComparison.Ordinal);
        }

        Assert.Contains("not a diagnosis", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.DoesNotMatch("https?://(?!developer\\.)[^\"']*\\.(js|css)", html);
        Assert.Contains("src=\"lib/botframework-webchat/webchat.js\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/lib/botframework-webchat/webchat.js", "text/javascript", 1_000_000)]
    [InlineData("/js/chat.js", "text/javascript", 500)]
    [InlineData("/css/site.css", "text/css", 500)]
    public async Task The_page_assets_and_the_web_chat_bundle_are_served_by_the_host(string path, string mediaType, int minimumBytes)
    {
        using var client = Client();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length >= minimumBytes);
    }

    [Fact]
    public async Task By_default_the_page_gets_its_token_from_the_local_direct_line()
    {
        using var client = Client();

        var settings = await client.GetFromJsonAsync<JsonObject>("/webchat/settings");

        Assert.Equal("/v3/directline/tokens/generate", (string)settings!["tokenUrl"]!);
        Assert.Null(settings["domain"]);
        Assert.True((bool)settings["webSocket"]!);
    }

    [Fact]
    public async Task With_a_token_url_the_page_uses_it_and_azure_direct_line()
    {
        using var client = Client(new() { ["WebChat:TokenUrl"] = "https://tokens.example.org/api/token" });

        var settings = await client.GetFromJsonAsync<JsonObject>("/webchat/settings");

        Assert.Equal("https://tokens.example.org/api/token", (string)settings!["tokenUrl"]!);
        Assert.Equal(WebChatOptions.AzureDirectLineDomain, (string)settings["domain"]!);
    }

    [Fact]
    public async Task With_a_direct_line_secret_the_host_exchanges_it_for_a_token_and_never_shows_the_secret()
    {
        var azure = new FakeAzureDirectLine(HttpStatusCode.OK);
        using var client = Client(new()
        {
            ["WebChat:DirectLineSecret"] = "s3cret-value",
            ["WebChat:DirectLineDomain"] = "https://europe.directline.botframework.com/v3/directline",
        }, azure);

        var settings = await client.GetFromJsonAsync<JsonObject>("/webchat/settings");
        client.DefaultRequestHeaders.Authorization = new("Bearer", (string)settings!["pageToken"]!);
        var response = await client.PostAsync("/webchat/token", null);

        Assert.Equal("/webchat/token", (string)settings!["tokenUrl"]!);
        Assert.Equal("https://europe.directline.botframework.com/v3/directline", (string)settings["domain"]!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("s3cret-value", body, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", settings.ToJsonString(), StringComparison.Ordinal);
        var token = JsonNode.Parse(body)!;
        Assert.Equal("azure-token", (string)token["token"]!);
        Assert.StartsWith("dl_", (string)token["userId"]!, StringComparison.Ordinal);
        var request = Assert.Single(azure.Requests);
        Assert.Equal("https://europe.directline.botframework.com/v3/directline/tokens/generate", request.Url.AbsoluteUri);
        Assert.Equal("Bearer s3cret-value", request.Authorization);
        Assert.Equal((string)token["userId"]!, (string)JsonNode.Parse(request.Body)!["user"]!["id"]!);
    }

    [Fact]
    public async Task When_azure_refuses_the_secret_the_token_endpoint_answers_502_without_details()
    {
        using var client = Client(new() { ["WebChat:DirectLineSecret"] = "wrong" }, new FakeAzureDirectLine(HttpStatusCode.Forbidden));
        var settings = await client.GetFromJsonAsync<JsonObject>("/webchat/settings");
        client.DefaultRequestHeaders.Authorization = new("Bearer", (string)settings!["pageToken"]!);

        var response = await client.PostAsync("/webchat/token", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain("wrong", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_secret_the_token_exchange_endpoint_answers_404()
    {
        using var client = Client();

        var response = await client.PostAsync("/webchat/token", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("WebChat:TokenUrl", "ftp://tokens.example.org", "WebChat:TokenUrl must be a path")]
    [InlineData("WebChat:TokenUrl", "http://tokens.example.org/token", "WebChat:TokenUrl must be a path")]
    [InlineData("WebChat:DirectLineDomain", "directline.botframework.com", "WebChat:DirectLineDomain must be an absolute https URL")]
    [InlineData("DirectLine:Enabled", "false", "The web chat page needs a Direct Line")]
    public async Task Invalid_web_chat_options_stop_the_host_with_a_message_naming_the_setting(string key, string value, string message)
    {
        await using var host = new BotHost(settings: new() { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException
            ?? (error as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.NotNull(validation);
        Assert.Contains(message, validation!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_and_a_token_url_together_are_rejected()
    {
        var result = new WebChatOptionsValidator(Options.Create(new global::Bot.DirectLine.DirectLineOptions()))
            .Validate(null, new WebChatOptions { DirectLineSecret = "x", TokenUrl = "/t" });

        Assert.Contains("alternatives", result.FailureMessage, StringComparison.Ordinal);
    }
}
