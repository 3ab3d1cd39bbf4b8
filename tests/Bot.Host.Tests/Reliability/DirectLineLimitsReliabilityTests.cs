using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bot.Host.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bot.Host.Tests.Reliability;

/// <summary>The activity limits on the self-hosted Direct Line (the full host: Direct Line → adapter → bot).</summary>
public sealed class DirectLineLimitsReliabilityTests : IDisposable
{
    private readonly BotHost _host = new();

    internal static async Task<(HttpClient Client, string ConversationId)> StartAsync(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient();
        var generated = await client.GenerateAsPageAsync("{\"user\":{\"id\":\"dl_user1\"}}");
        generated.EnsureSuccessStatusCode();
        var grant = JsonDocument.Parse(await generated.Content.ReadAsStringAsync()).RootElement;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", grant.GetProperty("token").GetString());
        var started = await client.PostAsync("/v3/directline/conversations", new StringContent("{}", Encoding.UTF8, "application/json"));
        started.EnsureSuccessStatusCode();
        return (client, grant.GetProperty("conversationId").GetString()!);
    }

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string conversationId, string json) =>
        client.PostAsync($"/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/activities", new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Message(string text, string extra = "") =>
        "{\"type\":\"message\",\"from\":{\"id\":\"dl_user1\"},\"text\":" + JsonSerializer.Serialize(text) + extra + "}";

    [Fact]
    public async Task A_post_with_more_attachments_than_the_limit_gets_400_naming_the_limit()
    {
        var (client, id) = await StartAsync(_host);
        var attachments = string.Join(",", Enumerable.Range(0, 11).Select(i => "{\"contentType\":\"text/plain\",\"content\":\"x\"}"));

        var response = await PostAsync(client, id, Message("hi", ",\"attachments\":[" + attachments + "]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("TooManyAttachments", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_host.Engine.Questions);
    }

    [Fact]
    public async Task A_post_with_more_entities_than_the_limit_gets_400()
    {
        var (client, id) = await StartAsync(_host);
        var entities = string.Join(",", Enumerable.Range(0, 33).Select(i => "{\"type\":\"x\"}"));

        var response = await PostAsync(client, id, Message("hi", ",\"entities\":[" + entities + "]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("TooManyEntities", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":5}")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"from\":\"me\"}")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"attachments\":{}}")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"timestamp\":\"yesterday\"}")]
    public async Task A_post_whose_fields_have_the_wrong_type_gets_400_not_a_bot_error(string json)
    {
        var (client, id) = await StartAsync(_host);

        var response = await PostAsync(client, id, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Engine.Questions);
    }

    [Fact]
    public async Task A_post_nested_deeper_than_the_limit_gets_400()
    {
        var (client, id) = await StartAsync(_host);
        var nested = new string('[', 40) + new string(']', 40);

        var response = await PostAsync(client, id, Message("hi", ",\"value\":" + nested));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_long_message_through_Direct_Line_reaches_the_bot_cut_to_the_text_limit()
    {
        var (client, id) = await StartAsync(_host);

        var response = await PostAsync(client, id, Message(new string('a', 20_000)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Limits.LimitsOptions().MaxTextChars, Assert.Single(_host.Engine.Questions).Text.Length);
    }

    [Fact]
    public async Task A_conversation_past_its_activity_limit_gets_403_asking_for_a_new_one()
    {
        using var factory = _host.With(settings: new()
        {
            ["Limits:MaxActivitiesPerConversation"] = "10",
            ["RateLimiting:PerConversation:Burst"] = "100",
        });
        var (client, id) = await StartAsync(factory);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await PostAsync(client, id, Message("what is it " + i))).StatusCode);
        }

        var refused = await PostAsync(client, id, Message("one more"));
        var (other, otherId) = await StartAsync(factory);
        var fresh = await PostAsync(other, otherId, Message("what is it"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("ConversationTooLong", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    public void Dispose() => _host.Dispose();
}
