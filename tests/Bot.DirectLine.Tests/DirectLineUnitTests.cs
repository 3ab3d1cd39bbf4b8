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
    [Theory]
    [InlineData("http://localhost:3978", "http://127.0.0.1:3978/v3/directline-connector/")]
    [InlineData("http://+:80", "http://127.0.0.1/v3/directline-connector/")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/v3/directline-connector/")]
    [InlineData("http://[::]:5000", "http://[::1]:5000/v3/directline-connector/")]
    [InlineData("https://*:8443", "https://127.0.0.1:8443/v3/directline-connector/")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234/v3/directline-connector/")]
    public void The_service_url_is_a_loopback_url_derived_from_the_listen_address(string address, string expected)
    {
        Assert.Equal(expected, DirectLineServiceUrl.FromListenAddress(address).AbsoluteUri);
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
    [InlineData("DirectLine:ServiceUrl", "ftp://x", "DirectLine:ServiceUrl must be an absolute http(s) URL")]
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
        Assert.Equal(500L * 1024 * 1024, options.MaxTotalHistoryBytes);
        Assert.Equal(["*"], Options.Create(options).Value.AllowedOrigins);
    }
}
