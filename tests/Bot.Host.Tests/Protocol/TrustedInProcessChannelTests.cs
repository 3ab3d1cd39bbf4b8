using System.Text.Json;
using Bot.Host.Tests.Support;
using Bot.Protocol.Builder;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Protocol;

/// <summary>The hooks the self-hosted Direct Line uses: ProcessTrustedActivityAsync and ITrustedServiceUrls.</summary>
public sealed class TrustedInProcessChannelTests
{
    private static Activity DirectLineMessage(string text, string type = "message") => new()
    {
        Type = type,
        Id = "dl-act-1",
        ChannelId = "webchat",
        ServiceUrl = "http://localhost:3978/",
        Conversation = new ConversationAccount("dl-conv-1"),
        From = new ChannelAccount("dl_user", "You", "user"),
        Recipient = new ChannelAccount("bot", "Bot", "bot"),
        Text = text,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_trusted_activity_runs_a_turn_and_the_reply_goes_to_its_registered_service_URL_without_a_token(bool authenticated)
    {
        using var host = new BotHost(authenticated);
        host.TrustedServiceUrls.Add(new Uri("http://localhost:3978/"));
        var adapter = host.Services.GetRequiredService<CloudAdapter>();
        var bot = host.Services.GetRequiredService<IBot>();

        var invokeResponse = await adapter.ProcessTrustedActivityAsync(DirectLineMessage("what is hemifacial spasm"), bot);

        Assert.Null(invokeResponse);
        var sent = Assert.Single(host.Network.ConnectorRequests);
        Assert.Equal("http://localhost:3978/v3/conversations/dl-conv-1/activities/dl-act-1", sent.Url.AbsoluteUri);
        Assert.Null(sent.Authorization);
        Assert.Empty(host.Identity.TokenRequests);
        Assert.Equal("bot", sent.Json.GetProperty("from").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_trusted_conversation_update_welcomes_with_send_to_conversation()
    {
        using var host = new BotHost();
        host.TrustedServiceUrls.Add(new Uri("http://localhost:3978/"));
        var update = DirectLineMessage("", "conversationUpdate");
        update.Text = null;
        update.MembersAdded = [new ChannelAccount("bot"), new ChannelAccount("dl_user")];

        await host.Services.GetRequiredService<CloudAdapter>().ProcessTrustedActivityAsync(update, host.Services.GetRequiredService<IBot>());

        var sent = Assert.Single(host.Network.ConnectorRequests);
        Assert.Equal("/v3/conversations/dl-conv-1/activities", sent.Url.AbsolutePath);
        Assert.Contains("Welcome to the test bot.", sent.Json.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusted_invoke_returns_its_invoke_response()
    {
        using var host = new BotHost();
        var invoke = DirectLineMessage("", "invoke");
        invoke.Name = "message/submitAction";
        invoke.Value = JsonDocument.Parse("""{"actionName":"feedback","actionValue":{"reaction":"like","feedback":"{\"feedbackText\":\"good\"}"}}""").RootElement;

        var response = await host.Services.GetRequiredService<CloudAdapter>().ProcessTrustedActivityAsync(invoke, host.Services.GetRequiredService<IBot>());

        Assert.Equal(200, response!.Status);
        Assert.Null(response.Body);
    }

    [Fact]
    public async Task A_trusted_activity_without_a_service_URL_is_refused()
    {
        using var host = new BotHost();
        var activity = DirectLineMessage("hi");
        activity.ServiceUrl = null;

        await Assert.ThrowsAsync<ArgumentException>(() =>
            host.Services.GetRequiredService<CloudAdapter>().ProcessTrustedActivityAsync(activity, host.Services.GetRequiredService<IBot>()));
    }
}
