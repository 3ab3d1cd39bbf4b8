using System.Net;
using System.Text;
using Bot.Protocol.Connector;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Bot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Protocol.Tests.Connector;

/// <summary>
/// F11: a service URL that answers with a redirect must not take the bot's request (and token) elsewhere. A real
/// loopback server answers the Connector route with 307/302 to a second path, as a compromised or hostile
/// service URL would to point at an internal address.
/// </summary>
public sealed class ConnectorRedirectTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private int _redirectTargetHits;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/v3/conversations/{id}/activities", (HttpContext http) =>
        {
            http.Response.StatusCode = http.Request.RouteValues["id"] as string == "found" ? StatusCodes.Status302Found : StatusCodes.Status307TemporaryRedirect;
            http.Response.Headers.Location = "/internal/metadata";
            return Task.CompletedTask;
        });
        _server.Map("/internal/metadata", () =>
        {
            Interlocked.Increment(ref _redirectTargetHits);
            return Results.Json(new { id = "leaked" });
        });
        await _server.StartAsync();
        _baseUrl = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
    }

    [Theory]
    [InlineData("temporary")]
    [InlineData("found")]
    public async Task The_Connector_client_does_not_follow_a_redirect_from_a_service_URL(string conversationId)
    {
        await using var services = BuildServices();
        var connector = services.GetRequiredService<IConnectorClient>();

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            connector.SendToConversationAsync(_baseUrl, conversationId, Activity.CreateMessageActivity("x"), default));

        Assert.Equal(0, _redirectTargetHits);
        Assert.True(error.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.TemporaryRedirect, $"status {error.StatusCode}");
    }

    [Theory]
    [InlineData(BotFrameworkHttpClients.Connector)]
    [InlineData(BotFrameworkHttpClients.Login)]
    [InlineData(BotFrameworkHttpClients.OpenId)]
    public async Task None_of_the_protocol_HTTP_clients_follows_redirects(string name)
    {
        await using var services = BuildServices();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

        using var response = await client.PostAsync(new Uri(_baseUrl, "v3/conversations/temporary/activities"), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(0, _redirectTargetHits);
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    private static ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new TestEnvironment("Development"));
        services.AddBotFramework(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Connector:MaxAttempts"] = "3",
        }).Build());
        return services.BuildServiceProvider();
    }
}
