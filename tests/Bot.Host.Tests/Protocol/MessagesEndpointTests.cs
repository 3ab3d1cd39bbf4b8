using System.Net;
using System.Text;
using System.Text.Json;
using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Protocol;

/// <summary>The HTTP contract of /api/messages (anonymous mode, as for the Emulator).</summary>
public sealed class MessagesEndpointTests : IDisposable
{
    private readonly BotHost _host = new();

    [Fact]
    public async Task Anonymous_mode_accepts_a_request_without_a_token_and_replies_without_one()
    {
        var response = await _host.PostActivityAsync(Activities.Message("what is hemifacial spasm"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var sent = Assert.Single(_host.Network.ConnectorRequests);
        Assert.Null(sent.Authorization);
        Assert.Empty(_host.Identity.TokenRequests);
    }

    [Fact]
    public async Task Anonymous_mode_rejects_a_request_that_carries_a_token()
    {
        var response = await _host.PostActivityAsync(Activities.Message("hi"), _host.Identity.EmulatorToken());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Network.ConnectorRequests);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Methods_other_than_POST_get_405(string method)
    {
        var response = await _host.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/messages"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_gets_415()
    {
        var response = await _host.CreateClient().PostAsync("/api/messages", new StringContent("type=message", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_body_above_the_limit_gets_413()
    {
        var activity = Activities.Message(new string('x', 600 * 1024));

        var response = await _host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_host.Engine.Questions);
    }

    [Fact]
    public async Task A_chunked_body_above_the_limit_gets_413_too()
    {
        var json = JsonSerializer.Serialize(Activities.Message(new string('x', 600 * 1024)));
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"text\":\"no type\",\"serviceUrl\":\"http://localhost:1\"}")]
    [InlineData("{\"type\":\"message\",\"text\":\"no service url\"}")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"file:///etc/passwd\"}")]
    [InlineData("null")]
    public async Task A_body_that_is_not_an_activity_gets_400(string body)
    {
        var response = await _host.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task Unknown_activity_types_get_200_and_are_ignored()
    {
        var response = await _host.PostActivityAsync(Activities.Of("somethingFromTheFuture"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task Typing_is_ignored()
    {
        var response = await _host.PostActivityAsync(Activities.Of("typing"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.Network.ConnectorRequests);
    }

    [Fact]
    public async Task An_unknown_invoke_gets_501()
    {
        var invoke = Activities.Of("invoke", "msteams", BotHost.TeamsServiceUrl, "a:1");
        invoke["name"] = "composeExtension/query";

        var response = await _host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task Connector_429s_and_503s_are_retried_and_the_reply_gets_through()
    {
        _host.Network.ConnectorResponses.Enqueue(() =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return r;
        });
        _host.Network.ConnectorResponses.Enqueue(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        var response = await _host.PostActivityAsync(Activities.Message("what is it"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _host.Network.ConnectorRequests.Count);
        Assert.All(_host.Network.ConnectorRequests, r => Assert.Equal("/v3/conversations/conv-1%7Clivechat/activities/act-1", r.Url.AbsolutePath));
    }

    [Fact]
    public async Task A_Connector_that_keeps_failing_is_given_up_on_after_the_configured_attempts()
    {
        _host.Network.AlwaysFailWith = HttpStatusCode.ServiceUnavailable;

        var response = await _host.PostActivityAsync(Activities.Message("what is it"));

        // 3 attempts for the answer (BotHost sets Connector:MaxAttempts=3), no apology (it would not arrive
        // either); the lost reply is logged and the channel gets 200, so it does not resend.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _host.Network.ConnectorRequests.Count);
    }

    [Fact]
    public async Task Replies_to_Teams_style_ids_keep_the_service_URL_path_and_escape_the_ids()
    {
        var activity = Activities.Message("what is it", "msteams", BotHost.TeamsServiceUrl, "19:abc@thread.tacv2;messageid=1732", "1732");

        var response = await _host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_host.Network.ConnectorRequests);
        Assert.Equal("https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1732/activities/1732", sent.Url.AbsoluteUri);
    }

    [Fact]
    public async Task DeliveryMode_expectReplies_returns_the_replies_in_the_response_body()
    {
        var activity = Activities.Message("what is it");
        activity["deliveryMode"] = "expectReplies";

        var response = await _host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("message", body.RootElement.GetProperty("activities")[0].GetProperty("type").GetString());
        Assert.Empty(_host.Network.ConnectorRequests);
    }

    public void Dispose() => _host.Dispose();
}
