using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine.Tests;

public sealed class DirectLineUnitTests
{
    [Fact]
    public void The_service_url_carries_a_secret_of_this_process_and_only_it_is_owned()
    {
        var first = new DirectLineServiceUrl();
        var second = new DirectLineServiceUrl();

        Assert.NotEqual(first.Value, second.Value);
        Assert.True(first.Owns(first.Value));
        Assert.True(first.Owns(new Uri(first.Value, "v3/conversations/c/activities")));
        Assert.False(first.Owns(second.Value));
        Assert.False(first.Owns(new Uri("https://directline.invalid/connector/")));
        Assert.False(first.Owns(new Uri("http://127.0.0.1:3978/v3/directline-connector/")));
        Assert.False(first.Owns(null));
    }

    [Fact]
    public void The_echo_kept_in_the_history_has_no_service_url_and_of_channel_data_only_the_client_activity_id()
    {
        var activity = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message",
            ["text"] = "hi",
            ["serviceUrl"] = "https://directline.invalid/connector/secret/",
            ["channelData"] = new System.Text.Json.Nodes.JsonObject { ["clientActivityID"] = "abc", ["padding"] = new string('x', 50_000) },
        };

        var echo = System.Text.Json.Nodes.JsonNode.Parse(DirectLineChannel.EchoJson(activity))!;

        Assert.Null(echo["serviceUrl"]);
        Assert.Equal("{\"clientActivityID\":\"abc\"}", echo["channelData"]!.ToJsonString());
        Assert.Equal("hi", (string)echo["text"]!);
        Assert.True(DirectLineChannel.EchoJson(activity).Length < 200);
    }

    [Fact]
    public void The_history_drops_the_oldest_activities_when_over_its_byte_bound()
    {
        var conversation = new DirectLineConversation("c", "u", null, DateTimeOffset.UnixEpoch, maxActivities: 1000, maxBytes: 1000);
        for (var i = 0; i < 20; i++)
        {
            conversation.Append(id => $"{{\"id\":\"{id}\",\"text\":\"{new string('x', 40)}\"}}", streamOnly: false);
        }

        Assert.True(conversation.HistoryBytes <= 1000, $"kept {conversation.HistoryBytes} bytes");
        Assert.Equal(20, conversation.LastSequence);
        var (activities, watermark) = conversation.Since(0, includeStreamOnly: true);
        Assert.Equal(20, watermark);
        Assert.Equal(20, activities[^1].Sequence);
        Assert.Equal(Enumerable.Range(21 - activities.Count, activities.Count).Select(i => (long)i), activities.Select(a => a.Sequence));
    }

    [Fact]
    public async Task A_waiting_stream_wakes_when_an_activity_arrives()
    {
        var conversation = new DirectLineConversation("c", "u", null, DateTimeOffset.UnixEpoch, 10, 100_000);
        var waiting = conversation.WaitForActivityAfterAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        conversation.Append(id => "{}", streamOnly: false);

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(conversation.WaitForActivityAfterAsync(0, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void The_activity_set_is_the_stored_json_with_a_string_watermark()
    {
        var json = DirectLineConversation.ActivitySetJson([new StoredActivity(4, "{\"id\":\"a\"}", false)], 4);

        Assert.Equal("{\"activities\":[{\"id\":\"a\"}],\"watermark\":\"4\"}", json);
    }

    [Theory]
    [InlineData("DirectLine:ChannelId", "slack", "DirectLine:ChannelId must be 'webchat' or 'directline'")]
    [InlineData("DirectLine:TokenLifetime", "00:00:10", "DirectLine:TokenLifetime must be between")]
    [InlineData("DirectLine:MaxConversations", "0", "DirectLine:MaxConversations must be between")]
    [InlineData("DirectLine:AllowedOrigins:0", "https://example.org/path", "is not an origin")]
    [InlineData("DirectLine:MaxActivityBytes", "2000000", "must not exceed DirectLine:MaxHistoryBytesPerConversation")]
    public async Task Invalid_options_stop_the_host_at_start_with_a_message_naming_the_setting(string key, string value, string message)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddDirectLine(builder.Configuration);
        builder.Services.RemoveAll<IDirectLineBotGateway>();
        builder.Services.AddSingleton<IDirectLineBotGateway, FakeBot>();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
        {
            app.MapDirectLine();
            return app.StartAsync();
        });

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_are_valid_and_bound_memory_in_total()
    {
        var options = new DirectLineOptions();

        Assert.True(new DirectLineOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(64L * 1024 * 1024, options.MaxTotalHistoryBytes);
        Assert.True(options.MaxConversationsPerAddress * 10 <= options.MaxConversations);
        Assert.True(options.UnstartedConversationTimeout <= TimeSpan.FromSeconds(30));
        Assert.Equal(["*"], Options.Create(options).Value.AllowedOrigins);
    }
}
