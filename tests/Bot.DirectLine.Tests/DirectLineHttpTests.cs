using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bot.DirectLine.Tests;

/// <summary>The Direct Line 3.0 endpoints over real HTTP, with a stand-in bot answering through the Connector endpoints.</summary>
public sealed class DirectLineHttpTests : IAsyncLifetime
{
    private DirectLineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DirectLineTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Generating_a_token_reserves_a_new_conversation_with_a_random_token()
    {
        var first = await (await _host.Http.PostAsync("/v3/directline/tokens/generate", null)).Content.ReadFromJsonAsync<JsonObject>();
        var second = await (await _host.Http.PostAsync("/v3/directline/tokens/generate", null)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.NotEqual((string)first!["token"]!, (string)second!["token"]!);
        Assert.NotEqual((string)first["conversationId"]!, (string)second["conversationId"]!);
        Assert.True(((string)first["token"]!).Length >= 40, "a token carries at least 256 random bits");
        Assert.Equal(1800, (int)first["expires_in"]!);
        Assert.StartsWith("dl_", (string)first["userId"]!, StringComparison.Ordinal);
        Assert.Empty(_host.Bot.Received);
    }

    [Fact]
    public async Task Starting_a_conversation_returns_201_with_a_stream_url_and_the_bot_gets_one_conversationUpdate_with_user_and_bot()
    {
        var session = await _host.StartConversationAsync("dl_alice");

        Assert.StartsWith("ws://127.0.0.1:", session.StreamUrl, StringComparison.Ordinal);
        Assert.Contains($"/v3/directline/conversations/{session.ConversationId}/stream?t=", session.StreamUrl, StringComparison.Ordinal);
        var welcome = await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        Assert.Equal("Welcome. This is general information, not a diagnosis.", (string)welcome[0]!["text"]!);
        Assert.Equal("bot", (string)welcome[0]!["from"]!["role"]!);

        var update = Assert.Single(_host.Bot.Received);
        Assert.Equal("conversationUpdate", (string)update["type"]!);
        Assert.Equal("webchat", (string)update["channelId"]!);
        Assert.Equal(session.ConversationId, (string)update["conversation"]!["id"]!);
        Assert.Equal(["hemifacial-spasm-bot", "dl_alice"], ((JsonArray)update["membersAdded"]!).Select(m => (string)m!["id"]!).ToArray());
        Assert.Equal("hemifacial-spasm-bot", (string)update["recipient"]!["id"]!);
        Assert.Equal("en-GB", (string)update["locale"]!);
        Assert.True(_host.Bot.Connector.Owns(new Uri((string)update["serviceUrl"]!)));
    }

    [Fact]
    public async Task Starting_a_started_conversation_again_returns_200_and_no_second_welcome()
    {
        var session = await _host.StartConversationAsync();
        var again = await _host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", session.Token);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(session.ConversationId, (string)body["conversationId"]!);
        Assert.NotEqual(session.StreamUrl, (string)body["streamUrl"]!);
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        Assert.Single(_host.Bot.Received, a => (string)a["type"]! == "conversationUpdate");
    }

    [Fact]
    public async Task A_posted_message_is_echoed_with_its_id_and_clientActivityID_then_the_bot_reply_follows()
    {
        var session = await _host.StartConversationAsync("dl_bob");
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        var message = new JsonObject
        {
            ["type"] = "message",
            ["text"] = "what is hemifacial spasm",
            ["from"] = new JsonObject { ["id"] = "someone-else", ["name"] = "Bob", ["role"] = "user" },
            ["channelId"] = "webchat",
            ["channelData"] = new JsonObject { ["clientActivityID"] = "client-123", ["clientTimestamp"] = "2026-01-01T00:00:00Z" },
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "ClientCapabilities", ["requiresBotState"] = true }),
        };

        var posted = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, message);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        Assert.Equal(session.ConversationId + "|0000002", id);
        var activities = await _host.WaitForActivitiesAsync(session, a => a.Count == 3);
        var echo = activities[1]!;
        Assert.Equal(id, (string)echo["id"]!);
        Assert.Equal("client-123", (string)echo["channelData"]!["clientActivityID"]!);
        Assert.Equal("dl_bob", (string)echo["from"]!["id"]!);
        Assert.Equal("user", (string)echo["from"]!["role"]!);
        Assert.Equal("Bob", (string)echo["from"]!["name"]!);
        Assert.EndsWith("Z", (string)echo["timestamp"]!, StringComparison.Ordinal);
        var reply = activities[2]!;
        Assert.Equal("You said: what is hemifacial spasm", (string)reply["text"]!);
        Assert.Equal(id, (string)reply["replyToId"]!);
        Assert.Equal("bot", (string)reply["from"]!["role"]!);
        Assert.Equal(session.ConversationId + "|0000003", (string)reply["id"]!);

        var delivered = _host.Bot.Received.Last();
        Assert.Equal(id, (string)delivered["id"]!);
        Assert.Equal("ClientCapabilities", (string)delivered["entities"]![0]!["type"]!);
        Assert.Equal("webchat", (string)delivered["channelId"]!);
    }

    [Fact]
    public async Task Polling_with_a_watermark_returns_only_newer_activities_and_the_watermark_grows()
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        var first = await _host.GetActivitiesAsync(session);
        Assert.Equal("1", (string)first["watermark"]!);

        await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = "hello" });
        var newer = await _host.GetActivitiesAsync(session, "1");

        var activities = (JsonArray)newer["activities"]!;
        Assert.Equal(["hello", "You said: hello"], activities.Select(a => (string)a!["text"]!).ToArray());
        Assert.Equal("3", (string)newer["watermark"]!);
        Assert.Empty((JsonArray)(await _host.GetActivitiesAsync(session, "3"))["activities"]!);
    }

    [Fact]
    public async Task A_request_without_a_token_is_rejected_with_401()
    {
        var session = await _host.StartConversationAsync();

        var response = await _host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!);
    }

    [Fact]
    public async Task A_token_of_one_conversation_cannot_read_or_post_to_another_one()
    {
        var alice = await _host.StartConversationAsync("dl_alice");
        var mallory = await _host.StartConversationAsync("dl_mallory");

        var read = await _host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{alice.ConversationId}/activities", mallory.Token);
        var post = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{alice.ConversationId}/activities", mallory.Token, new JsonObject { ["type"] = "message", ["text"] = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.DoesNotContain(_host.Bot.Received, a => (string?)a["text"] == "x");
    }

    [Fact]
    public async Task An_unknown_token_is_rejected_with_403()
    {
        var response = await _host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", "not-a-token");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_rejected_with_403_and_a_refreshed_one_keeps_working()
    {
        var session = await _host.StartConversationAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(20));
        var refresh = await _host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", session.Token);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var refreshed = (await refresh.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(session.ConversationId, (string)refreshed["conversationId"]!);
        Assert.NotEqual(session.Token, (string)refreshed["token"]!);

        _host.Time.Advance(TimeSpan.FromMinutes(11));
        var old = await _host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token);
        var current = await _host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}/activities", (string)refreshed["token"]!);

        Assert.Equal(HttpStatusCode.Forbidden, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Reconnecting_returns_a_new_stream_url_with_the_watermark()
    {
        var session = await _host.StartConversationAsync();

        var response = await _host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}?watermark=5", session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.EndsWith("&watermark=5", (string)body["streamUrl"]!, StringComparison.Ordinal);
        Assert.Equal(session.Token, (string)body["token"]!);
    }

    [Theory]
    [InlineData("{\"text\":\"no type\"}", HttpStatusCode.BadRequest)]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("[1,2]", HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    public async Task A_malformed_activity_is_rejected_with_a_clear_error(string body, HttpStatusCode expected)
    {
        var session = await _host.StartConversationAsync();
        using var request = DirectLineTestHost.Request(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _host.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
    }

    [Fact]
    public async Task An_oversized_activity_is_rejected_with_413_and_never_reaches_the_bot()
    {
        var session = await _host.StartConversationAsync();
        var huge = new JsonObject { ["type"] = "message", ["text"] = new string('a', 70 * 1024) };

        var response = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain(_host.Bot.Received, a => (string?)a["type"] == "message");
    }

    [Fact]
    public async Task Posting_to_a_conversation_that_was_not_started_is_rejected_with_404()
    {
        var generated = (await (await _host.Http.PostAsync("/v3/directline/tokens/generate", null)).Content.ReadFromJsonAsync<JsonObject>())!;

        var response = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{(string)generated["conversationId"]!}/activities", (string)generated["token"]!, new JsonObject { ["type"] = "message", ["text"] = "hi" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task When_the_bot_fails_the_post_gets_502_and_the_user_message_is_kept()
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        _host.Bot.Fail = true;

        var response = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = "hi" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var activities = (JsonArray)(await _host.GetActivitiesAsync(session))["activities"]!;
        Assert.Equal("hi", (string)activities[^1]!["text"]!);
    }

    [Fact]
    public async Task When_the_bot_is_busy_the_post_gets_503_with_retry_after_and_the_user_message_is_kept()
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        _host.Bot.Busy = true;

        var response = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = "hi" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("BotBusy", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!);
        var activities = (JsonArray)(await _host.GetActivitiesAsync(session))["activities"]!;
        Assert.Equal("hi", (string)activities[^1]!["text"]!);
    }

    [Fact]
    public async Task The_in_process_connector_refuses_an_unknown_conversation()
    {
        Assert.Null(await _host.Bot.Connector.PostAsync("nope", new JsonObject { ["type"] = "message", ["text"] = "hi" }, null));
    }

    [Theory]
    [InlineData("/v3/directline-connector/v3/conversations/{0}/activities")]
    [InlineData("/v3/directline-connector/v3/conversations/{0}/members")]
    public async Task There_is_no_connector_endpoint_over_http_so_nobody_can_post_as_the_bot(string path)
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);

        var response = await _host.Http.PostAsJsonAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, session.ConversationId), new { type = "message", text = "click http://phishing.example" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain((await _host.GetActivitiesAsync(session))["activities"]!.AsArray(), a => ((string?)a!["text"])?.Contains("phishing", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_connector_stamps_bot_activities_with_an_id_and_the_bot_role()
    {
        var session = await _host.StartConversationAsync("dl_carol");
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);

        var id = await _host.Bot.Connector.PostAsync(session.ConversationId, new JsonObject { ["type"] = "message", ["text"] = "proactive", ["from"] = new JsonObject { ["id"] = "hemifacial-spasm-bot" }, ["serviceUrl"] = "http://evil.example/" }, null);

        var stored = (await _host.WaitForActivitiesAsync(session, a => a.Count == 2))[1]!;
        Assert.Equal(id, (string)stored["id"]!);
        Assert.Equal("bot", (string)stored["from"]!["role"]!);
        Assert.Null(stored["serviceUrl"]);
    }

    [Theory]
    [InlineData("conversationUpdate")]
    [InlineData("installationUpdate")]
    [InlineData("trace")]
    public async Task A_client_cannot_send_activities_only_the_channel_sends(string type)
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        var members = new JsonArray([.. Enumerable.Range(0, 2000).Select(i => (JsonNode)new JsonObject { ["id"] = "m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);

        var response = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = type, ["membersAdded"] = members });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(_host.Bot.Received);
        Assert.Single((await _host.GetActivitiesAsync(session))["activities"]!.AsArray());
    }

    [Fact]
    public async Task A_client_asking_for_expect_replies_gets_an_error_not_silence()
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);

        var response = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = "hi", ["deliveryMode"] = "expectReplies" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("NotSupported", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!);
        Assert.DoesNotContain(_host.Bot.Received, a => (string?)a["type"] == "message");
    }

    [Fact]
    public async Task An_activity_the_bot_refuses_gets_its_status_and_retry_after_and_is_not_kept()
    {
        var session = await _host.StartConversationAsync();
        await _host.WaitForActivitiesAsync(session, a => a.Count == 1);
        _host.Bot.Refuse = new DirectLineRejection(429, "TooManyRequests", "slow down", TimeSpan.FromSeconds(3));

        var response = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/activities", session.Token, new JsonObject { ["type"] = "message", ["text"] = "hi" });

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("Retry-After").Single());
        Assert.Single((await _host.GetActivitiesAsync(session))["activities"]!.AsArray());
    }

    [Fact]
    public async Task A_cors_preflight_from_another_origin_allows_the_web_chat_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        request.Headers.Add("Origin", "https://example.org");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");

        var response = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-ms-bot-agent", allowed, StringComparison.Ordinal);
        Assert.Contains("authorization", allowed, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Attachments_upload_is_refused_with_a_clear_message()
    {
        var session = await _host.StartConversationAsync();

        var response = await _host.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{session.ConversationId}/upload?userId=x", session.Token);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }
}
