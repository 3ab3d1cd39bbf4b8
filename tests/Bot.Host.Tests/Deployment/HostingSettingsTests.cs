using System.Text.Json;
using Bot.Host.Hosting;
using Bot.Host.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Bot.Host.Tests.Deployment;

/// <summary>The listening address and the forwarded-headers setting, as a deployment sets them.</summary>
public sealed class HostingSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void With_no_address_setting_the_default_3978_applies()
    {
        Assert.False(ListeningAddress.IsConfigured(Config()));
        Assert.Equal("http://localhost:3978", ListeningAddress.DefaultUrl);
    }

    [Theory]
    [InlineData("urls", "http://+:8080")] // ASPNETCORE_URLS, --urls
    [InlineData("http_ports", "8080")] // ASPNETCORE_HTTP_PORTS (the .NET container images)
    [InlineData("https_ports", "8443")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:5000")]
    public void Any_standard_address_setting_replaces_the_default(string key, string value)
    {
        Assert.True(ListeningAddress.IsConfigured(Config((key, value))));
    }

    [Fact]
    public void The_shipped_appsettings_do_not_pin_an_address()
    {
        var settings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(settings));

        Assert.False(json.RootElement.TryGetProperty("Urls", out _), "appsettings.json must not set Urls: it would override ASPNETCORE_URLS and ASPNETCORE_HTTP_PORTS");
    }

    [Theory]
    [InlineData(true, "wss://")]
    [InlineData(false, "ws://")]
    public async Task Behind_a_TLS_proxy_the_forwarded_headers_setting_makes_the_direct_line_hand_out_wss_stream_urls(bool enabled, string scheme)
    {
        using var host = new BotHost(settings: new() { ["ForwardedHeaders:Enabled"] = enabled ? "true" : "false" });
        using var client = host.CreateClient();
        using var generate = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        generate.Headers.Add("X-Forwarded-Proto", "https");
        generate.Headers.Add("X-Forwarded-Host", "bot.example.org");
        generate.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await client.FetchPageTokenAsync());
        var grant = JsonDocument.Parse(await (await client.SendAsync(generate)).Content.ReadAsStringAsync()).RootElement;

        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", grant.GetProperty("token").GetString());
        start.Headers.Add("X-Forwarded-Proto", "https");
        start.Headers.Add("X-Forwarded-Host", "bot.example.org");
        var response = await client.SendAsync(start);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        var streamUrl = JsonDocument.Parse(body).RootElement.GetProperty("streamUrl").GetString()!;
        Assert.StartsWith(scheme, streamUrl, StringComparison.Ordinal);
        if (enabled)
        {
            Assert.StartsWith("wss://bot.example.org/v3/directline/conversations/", streamUrl, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_known_proxy_that_is_not_an_ip_address_stops_the_start()
    {
        using var host = new BotHost(settings: new() { ["ForwardedHeaders:Enabled"] = "true", ["ForwardedHeaders:KnownProxies:0"] = "proxy.example.org" });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("ForwardedHeaders:KnownProxies", error.ToString(), StringComparison.Ordinal);
    }
}
