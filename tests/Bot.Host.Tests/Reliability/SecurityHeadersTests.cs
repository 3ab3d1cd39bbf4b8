using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Reliability;

/// <summary>Security headers on every response of the host, including the web page and errors.</summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private readonly BotHost _host = new();

    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/api/messages")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await _host.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.NotNull(Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_content_security_policy_allows_only_the_host_own_scripts_and_connections_and_no_framing()
    {
        var response = await _host.CreateClient().GetAsync("/");
        var csp = Directives(Header(response, "Content-Security-Policy")!);

        Assert.Equal("'none'", csp["default-src"]);
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'none'", csp["base-uri"]);
        Assert.Equal("'self' ws://localhost", csp["connect-src"]);
        Assert.DoesNotContain("unsafe-eval", csp["script-src"], StringComparison.Ordinal);
        Assert.DoesNotContain("*", string.Join(" ", csp.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_Direct_Line_origins_are_added_to_connect_src()
    {
        using var factory = _host.With(settings: new()
        {
            ["Security:ConnectSources:0"] = "https://directline.botframework.com",
            ["Security:ConnectSources:1"] = "wss://directline.botframework.com",
        });

        var response = await factory.CreateClient().GetAsync("/healthz");
        var csp = Directives(Header(response, "Content-Security-Policy")!);

        Assert.Equal("'self' ws://localhost https://directline.botframework.com wss://directline.botframework.com", csp["connect-src"]);
    }

    [Theory]
    [InlineData("https://evil.example/path")]
    [InlineData("https://a.example; script-src *")]
    [InlineData("javascript:alert(1)")]
    public void A_connect_source_that_is_not_an_origin_stops_start_up(string source)
    {
        using var factory = _host.With(settings: new() { ["Security:ConnectSources:0"] = source });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Security:ConnectSources", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_Host_header_cannot_inject_a_directive()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.TryAddWithoutValidation("Host", "evil.example;script-src");

        var response = await _host.CreateClient().SendAsync(request);
        var csp = Header(response, "Content-Security-Policy")!;

        Assert.DoesNotContain("evil", csp, StringComparison.Ordinal);
        Assert.Equal(1, csp.Split(';').Count(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("msteams")]
    public async Task A_reply_echoing_HTML_carries_it_as_text_entities_never_as_markup(string channel)
    {
        var serviceUrl = channel == "msteams" ? BotHost.TeamsServiceUrl : BotHost.EmulatorServiceUrl;

        await _host.PostActivityAsync(Activities.Message("<script>alert(1)</script><img src=x onerror=alert(2)>", channel, serviceUrl));

        var sent = Assert.Single(_host.Network.ConnectorRequests).Body;
        Assert.DoesNotContain("<script", sent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", sent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", sent, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
        : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c)
        : null;

    private static Dictionary<string, string> Directives(string csp) =>
        csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
}
