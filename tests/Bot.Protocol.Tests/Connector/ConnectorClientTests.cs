using System.Net;
using Bot.Protocol.Connector;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Bot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Protocol.Tests.Connector;

public class ConnectorClientTests : IDisposable
{
    private static readonly Uri Teams = new("https://smba.trafficmanager.net/amer/");
    private readonly TestIdentityProvider _idp = new();
    private readonly FakeHttp _http;

    public ConnectorClientTests() => _http = new FakeHttp(_idp);

    private sealed class RecordingRetryPolicy(BotFrameworkOptions options) : ConnectorRetryPolicy(TestOptions.Wrap(options))
    {
        public List<TimeSpan> Delays { get; } = [];

        public override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            Delays.Add(delay);
            return Task.CompletedTask;
        }
    }

    private (ConnectorClient Client, ServiceUrlTrust Trust, TrustedServiceUrls InProcess, RecordingRetryPolicy Retry) Create(BotFrameworkOptions options)
    {
        if (options.IsAnonymous && options.TrustedServiceUrls.Count == 0)
        {
            // Anonymous bots post only to loopback and configured service URLs; these tests talk to a Teams URL.
            options.TrustedServiceUrls = [Teams.AbsoluteUri];
        }

        var factory = new FakeHttpClientFactory(_http);
        var inProcess = new TrustedServiceUrls();
        var trust = new ServiceUrlTrust(TestOptions.Wrap(options), inProcess);
        var retry = new RecordingRetryPolicy(options);
        var tokens = new ClientCredentialsTokenProvider(TestOptions.Wrap(options), factory, TimeProvider.System);
        var client = new ConnectorClient(factory, trust, retry, TestOptions.Wrap(options), NullLogger<ConnectorClient>.Instance, tokens);
        return (client, trust, inProcess, retry);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "19:abc@thread.tacv2;messageid=1732", "1732",
        "https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1732/activities/1732")]
    [InlineData("https://smba.trafficmanager.net/amer", "a:1xyz", null,
        "https://smba.trafficmanager.net/amer/v3/conversations/a%3A1xyz/activities")]
    [InlineData("http://localhost:53559", "6c0e|livechat", "abc/def",
        "http://localhost:53559/v3/conversations/6c0e%7Clivechat/activities/abc%2Fdef")]
    [InlineData("https://directline.botframework.com/", "Kx 9", null,
        "https://directline.botframework.com/v3/conversations/Kx%209/activities")]
    public void Reply_URLs_keep_the_service_URL_path_and_escape_ids(string serviceUrl, string conversationId, string? activityId, string expected)
    {
        Assert.Equal(expected, ConnectorClient.BuildUrl(new Uri(serviceUrl), conversationId, activityId).AbsoluteUri);
    }

    [Fact]
    public async Task An_authenticated_service_URL_gets_the_login_endpoint_token_which_is_cached_across_calls()
    {
        var (client, trust, _, _) = Create(TestOptions.Authenticated());
        trust.MarkAuthenticated(Teams);

        await client.ReplyToActivityAsync(Teams, "a:1", "m1", Activity.CreateMessageActivity("one"), default);
        await client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("two"), default);

        Assert.All(_http.ConnectorRequests, r => Assert.Equal("Bearer bot-token-1", r.Authorization));
        var form = Assert.Single(_idp.TokenRequests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(TestIdentityProvider.AppId, form["client_id"]);
        Assert.Equal(TestIdentityProvider.AppPassword, form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task A_service_URL_that_never_came_on_an_authenticated_activity_gets_no_call_at_all()
    {
        var (client, _, _, _) = Create(TestOptions.Authenticated());

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(new Uri("https://attacker.example/"), "c", Activity.CreateMessageActivity("x"), default));

        Assert.Equal("ServiceUrlNotAllowed", error.ErrorCode);
        Assert.Empty(_http.ConnectorRequests);
        Assert.Empty(_idp.TokenRequests);
    }

    [Fact]
    public async Task A_configured_trusted_service_URL_gets_the_token_for_proactive_messages()
    {
        var options = TestOptions.Authenticated();
        options.TrustedServiceUrls = ["*.trafficmanager.net"];
        var (client, _, _, _) = Create(options);

        await client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default);

        Assert.Equal("Bearer bot-token-1", Assert.Single(_http.ConnectorRequests).Authorization);
    }

    [Fact]
    public async Task An_in_process_service_URL_gets_no_token_and_causes_no_token_fetch_even_when_authenticated()
    {
        var (client, trust, inProcess, _) = Create(TestOptions.Authenticated());
        inProcess.Add(new Uri("http://localhost:3978/"));
        trust.MarkAuthenticated(new Uri("http://localhost:3978/"));

        await client.ReplyToActivityAsync(new Uri("http://localhost:3978/"), "dl-1", "a1", Activity.CreateMessageActivity("x"), default);

        Assert.Null(Assert.Single(_http.ConnectorRequests).Authorization);
        Assert.Empty(_idp.TokenRequests);
    }

    [Fact]
    public async Task Anonymous_bots_send_no_token_anywhere()
    {
        var options = new BotFrameworkOptions { TrustedServiceUrls = ["https://smba.trafficmanager.net/"] };
        var (client, trust, _, _) = Create(options);
        trust.MarkAuthenticated(Teams);

        await client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default);
        await client.SendToConversationAsync(new Uri("http://127.0.0.1:5000/"), "a:1", Activity.CreateMessageActivity("x"), default);

        Assert.Equal(2, _http.ConnectorRequests.Count);
        Assert.All(_http.ConnectorRequests, r => Assert.Null(r.Authorization));
        Assert.Empty(_idp.TokenRequests);
    }

    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("http://169.254.169.254/metadata/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://localhost.attacker.example/")]
    public async Task Anonymous_bots_post_only_to_loopback_and_configured_service_URLs(string serviceUrl)
    {
        var (client, _, _, _) = Create(new BotFrameworkOptions { TrustedServiceUrls = ["https://smba.trafficmanager.net/"] });

        await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(new Uri(serviceUrl), "a:1", Activity.CreateMessageActivity("x"), default));

        Assert.Empty(_http.ConnectorRequests);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_delay()
    {
        var (client, _, _, retry) = Create(new BotFrameworkOptions());
        _http.ConnectorResponses.Enqueue(() =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
            return r;
        });

        var result = await client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default);

        Assert.Equal("reply-1", result!.Id);
        Assert.Equal(2, _http.ConnectorRequests.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(retry.Delays));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Statuses_that_say_the_send_was_not_taken_are_retried_with_growing_jittered_delays_then_given_up(HttpStatusCode status)
    {
        var options = new BotFrameworkOptions();
        options.Connector.MaxAttempts = 4;
        options.Connector.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        options.Connector.MaxRetryDelay = TimeSpan.FromSeconds(10);
        var (client, _, _, retry) = Create(options);
        _http.AlwaysFailWith = status;

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(4, error.Attempts);
        Assert.False(error.MayHaveArrived);
        Assert.Equal(4, _http.ConnectorRequests.Count);
        Assert.Equal(3, retry.Delays.Count);
        for (var i = 0; i < retry.Delays.Count; i++)
        {
            var cap = 100 * Math.Pow(2, i);
            Assert.InRange(retry.Delays[i].TotalMilliseconds, cap / 2, cap);
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_gateway_error_is_not_retried_because_the_send_may_have_arrived(HttpStatusCode status)
    {
        var (client, _, _, retry) = Create(new BotFrameworkOptions());
        _http.AlwaysFailWith = status;

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default));

        Assert.Equal(status, error.StatusCode);
        Assert.True(error.MayHaveArrived);
        Assert.Single(_http.ConnectorRequests);
        Assert.Empty(retry.Delays);
    }

    [Fact]
    public async Task A_connection_that_never_opened_is_retried_because_nothing_was_sent()
    {
        var (client, _, _, _) = Create(new BotFrameworkOptions());
        _http.ConnectorFailures.Enqueue(() => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        var result = await client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default);

        Assert.NotNull(result);
        Assert.Equal(2, _http.ConnectorRequests.Count);
    }

    [Fact]
    public async Task A_connection_cut_after_sending_is_not_retried()
    {
        var (client, _, _, _) = Create(new BotFrameworkOptions());
        _http.ConnectorFailures.Enqueue(() => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default));

        Assert.True(error.MayHaveArrived);
        Assert.Single(_http.ConnectorRequests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    public async Task Permanent_errors_are_not_retried(HttpStatusCode status)
    {
        var (client, _, _, _) = Create(new BotFrameworkOptions());
        _http.AlwaysFailWith = status;

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("Fail", error.ErrorCode);
        Assert.Single(_http.ConnectorRequests);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_call_budget_ends_the_retries_at_once()
    {
        var options = new BotFrameworkOptions();
        options.Connector.CallTimeout = TimeSpan.FromSeconds(5);
        var (client, _, _, retry) = Create(options);
        _http.ConnectorResponses.Enqueue(() =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(2));
            return r;
        });

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Empty(retry.Delays);
        Assert.Single(_http.ConnectorRequests);
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_is_not_sent_again()
    {
        var options = new BotFrameworkOptions();
        options.Connector.AttemptTimeout = TimeSpan.FromMilliseconds(50);
        var (client, _, _, _) = Create(options);
        _http.ConnectorDelays.Enqueue(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default));

        // The first copy may be on its way to the user: a second one would be a duplicate answer.
        Assert.True(error.MayHaveArrived);
        Assert.Single(_http.ConnectorRequests);
    }

    [Fact]
    public async Task At_most_the_configured_number_of_Connector_calls_are_in_flight_at_once()
    {
        var options = new BotFrameworkOptions();
        options.Connector.MaxConcurrentCalls = 2;
        options.Connector.CallTimeout = TimeSpan.FromSeconds(60);
        options.Connector.AttemptTimeout = TimeSpan.FromSeconds(60);
        var (client, _, _, _) = Create(options);
        for (var i = 0; i < 3; i++)
        {
            _http.ConnectorDelays.Enqueue(TimeSpan.FromMilliseconds(500));
        }

        var calls = Enumerable.Range(0, 5).Select(_ => client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default)).ToList();
        await Task.Delay(100);
        var inFlight = client.CallsInFlight;
        var started = _http.ConnectorRequests.Count;
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, inFlight);
        Assert.Equal(2, started);
        Assert.Equal(5, _http.ConnectorRequests.Count);
    }

    [Fact]
    public async Task A_401_from_the_Connector_fetches_a_fresh_token_once()
    {
        var (client, trust, _, _) = Create(TestOptions.Authenticated());
        trust.MarkAuthenticated(Teams);
        _http.ConnectorResponses.Enqueue(() => new HttpResponseMessage(HttpStatusCode.Unauthorized));

        await client.SendToConversationAsync(Teams, "a:1", Activity.CreateMessageActivity("x"), default);

        var requests = _http.ConnectorRequests.ToList();
        Assert.Equal(["Bearer bot-token-1", "Bearer bot-token-2"], requests.Select(r => r.Authorization));
    }

    public void Dispose()
    {
        _idp.Dispose();
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}
