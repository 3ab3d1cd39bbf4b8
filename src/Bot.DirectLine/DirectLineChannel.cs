using System.Globalization;
using System.Text.Json.Nodes;
using Bot.DirectLine.State;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// Plays the channel between Direct Line clients and the bot: stamps what clients send, echoes it to them,
/// and hands it to the bot (what the bot sends back arrives through <see cref="DirectLineConnector"/>).
/// </summary>
internal sealed partial class DirectLineChannel
{
    private readonly IDirectLineBotGateway _bot;
    private readonly DirectLineServiceUrl _serviceUrl;
    private readonly IDirectLineStore _store;
    private readonly TimeProvider _time;
    private readonly DirectLineOptions _options;
    private readonly ILogger<DirectLineChannel> _logger;
    private readonly CancellationToken _stopping;

    public DirectLineChannel(
        IDirectLineBotGateway bot,
        DirectLineServiceUrl serviceUrl,
        IDirectLineStore store,
        TimeProvider time,
        IOptions<DirectLineOptions> options,
        ILogger<DirectLineChannel> logger,
        IHostApplicationLifetime lifetime)
    {
        _bot = bot;
        _serviceUrl = serviceUrl;
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
    }

    /// <summary>
    /// Tells the bot that the user and the bot joined (one <c>conversationUpdate</c> with both, as the Emulator
    /// sends), so the welcome appears before the user types. Runs in the background; the task is returned for tests.
    /// </summary>
    public Task StartAsync(DirectLineConversationInfo conversation, string? locale)
    {
        var update = new JsonObject
        {
            ["type"] = "conversationUpdate",
            ["membersAdded"] = new JsonArray(BotAccount(), UserAccount(conversation)),
        };
        if (!string.IsNullOrEmpty(locale))
        {
            update["locale"] = locale;
        }

        Stamp(update, conversation, conversation.Id + "|start");
        return Task.Run(async () =>
        {
            try
            {
                await _bot.DeliverAsync(update, _stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogBotFailed(_logger, ex, "conversationUpdate", conversation.Id);
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Accepts one activity from the client: stamps it, adds it to the history (the echo Web Chat waits for,
    /// with <c>channelData.clientActivityID</c> unchanged), then runs the bot's turn. Returns the activity id.
    /// </summary>
    public async Task<string?> PostFromClientAsync(DirectLineConversationInfo conversation, JsonObject activity)
    {
        var streamOnly = string.Equals((string?)activity["type"], "typing", StringComparison.Ordinal);
        Stamp(activity, conversation, null);
        var echo = JsonNode.Parse(EchoJson(activity))!.AsObject();
        if (await _store.AppendAsync(conversation.Id, echo, streamOnly, _stopping).ConfigureAwait(false) is null)
        {
            return null;
        }

        var id = (string)echo["id"]!;
        activity["id"] = id;
        await _bot.DeliverAsync(activity, _stopping).ConfigureAwait(false);
        return id;
    }

    /// <summary>
    /// The echo kept in the history: what clients need and nothing more. No <c>serviceUrl</c> (it carries the
    /// channel's secret), and of <c>channelData</c> only <c>clientActivityID</c>, which Web Chat matches its echo by.
    /// </summary>
    internal static string EchoJson(JsonObject activity)
    {
        var echo = (JsonObject)activity.DeepClone();
        echo.Remove("serviceUrl");
        if (echo["channelData"] is JsonObject channelData)
        {
            var kept = new JsonObject();
            if (channelData["clientActivityID"] is JsonValue clientId && clientId.TryGetValue<string>(out var value) && value.Length <= 100)
            {
                kept["clientActivityID"] = value;
            }

            echo["channelData"] = kept;
        }
        else
        {
            echo.Remove("channelData");
        }

        return echo.ToJsonString();
    }

    /// <summary>
    /// Sets the channel and conversation of a client's activity as <see cref="PostFromClientAsync"/> will, so the
    /// bot's checks (a rate limit per conversation) key on the channel's values, never on ones the client wrote.
    /// The other fields stay as sent until then, so a field of the wrong type is still the client's 400.
    /// </summary>
    public void Prepare(DirectLineConversationInfo conversation, JsonObject activity)
    {
        activity["channelId"] = _options.ChannelId;
        activity["conversation"] = new JsonObject { ["id"] = conversation.Id };
        activity["serviceUrl"] = _serviceUrl.Value.AbsoluteUri;
    }

    private void Stamp(JsonObject activity, DirectLineConversationInfo conversation, string? id)
    {
        activity.Remove("id");
        if (id is not null)
        {
            activity["id"] = id;
        }

        activity["timestamp"] = Timestamp();
        activity["channelId"] = _options.ChannelId;
        activity["serviceUrl"] = _serviceUrl.Value.AbsoluteUri;
        activity["conversation"] = new JsonObject { ["id"] = conversation.Id };
        activity["recipient"] = BotAccount();
        var from = UserAccount(conversation);
        if (activity["from"] is JsonObject sent && sent["name"] is JsonValue name && name.TryGetValue<string>(out var n) && n.Length is > 0 and <= 100)
        {
            from["name"] = n;
        }

        activity["from"] = from;
    }

    internal static string Timestamp(TimeProvider time) =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static JsonObject BotAccount(DirectLineOptions options) => new() { ["id"] = options.BotId, ["name"] = options.BotName, ["role"] = "bot" };

    private string Timestamp() => Timestamp(_time);

    private JsonObject BotAccount() => BotAccount(_options);

    private static JsonObject UserAccount(DirectLineConversationInfo conversation)
    {
        var user = new JsonObject { ["id"] = conversation.UserId, ["role"] = "user" };
        if (!string.IsNullOrEmpty(conversation.UserName))
        {
            user["name"] = conversation.UserName;
        }

        return user;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Direct Line: the bot failed on a {ActivityType} of conversation {ConversationId}.")]
    private static partial void LogBotFailed(ILogger logger, Exception exception, string activityType, string conversationId);
}
