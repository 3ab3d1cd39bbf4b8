using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// Plays the channel between Direct Line clients and the bot: stamps what clients send, echoes it to them,
/// hands it to the bot, and records what the bot sends back on its Connector endpoints.
/// </summary>
internal sealed partial class DirectLineChannel
{
    private readonly IDirectLineBotGateway _bot;
    private readonly DirectLineServiceUrl _serviceUrl;
    private readonly DirectLineStore _store;
    private readonly DirectLineOptions _options;
    private readonly ILogger<DirectLineChannel> _logger;
    private readonly CancellationToken _stopping;

    public DirectLineChannel(
        IDirectLineBotGateway bot,
        DirectLineServiceUrl serviceUrl,
        DirectLineStore store,
        IOptions<DirectLineOptions> options,
        ILogger<DirectLineChannel> logger,
        IHostApplicationLifetime lifetime)
    {
        _bot = bot;
        _serviceUrl = serviceUrl;
        _store = store;
        _options = options.Value;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
    }

    /// <summary>
    /// Tells the bot that the user and the bot joined (one <c>conversationUpdate</c> with both, as the Emulator
    /// sends), so the welcome appears before the user types. Runs in the background; the task is returned for tests.
    /// </summary>
    public Task StartAsync(DirectLineConversation conversation, string? locale)
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
    public async Task<string> PostFromClientAsync(DirectLineConversation conversation, JsonObject activity)
    {
        var streamOnly = string.Equals((string?)activity["type"], "typing", StringComparison.Ordinal);
        string? id = null;
        conversation.Append(
            newId =>
            {
                id = newId;
                Stamp(activity, conversation, newId);
                return activity.ToJsonString();
            },
            streamOnly);
        await _bot.DeliverAsync(activity, _stopping).ConfigureAwait(false);
        return id!;
    }

    /// <summary>Records one activity the bot sent (the Connector "send" or "reply" call). Returns its id.</summary>
    public string PostFromBot(DirectLineConversation conversation, JsonObject activity, string? replyToId)
    {
        var streamOnly = string.Equals((string?)activity["type"], "typing", StringComparison.Ordinal);
        string? id = null;
        conversation.Append(
            newId =>
            {
                id = newId;
                activity["id"] = newId;
                activity["timestamp"] = Timestamp();
                activity["channelId"] = _options.ChannelId;
                var account = activity["conversation"] as JsonObject ?? [];
                account["id"] = conversation.Id;
                activity["conversation"] = account;
                var from = activity["from"] as JsonObject ?? BotAccount();
                from["id"] ??= _options.BotId;
                from["role"] = "bot";
                activity["from"] = from;
                if (!string.IsNullOrEmpty(replyToId) && activity["replyToId"] is null)
                {
                    activity["replyToId"] = replyToId;
                }

                activity.Remove("serviceUrl");
                return activity.ToJsonString();
            },
            streamOnly);
        return id!;
    }

    private void Stamp(JsonObject activity, DirectLineConversation conversation, string id)
    {
        activity["id"] = id;
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

    private string Timestamp() =>
        _store.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private JsonObject BotAccount() => new() { ["id"] = _options.BotId, ["name"] = _options.BotName, ["role"] = "bot" };

    private static JsonObject UserAccount(DirectLineConversation conversation)
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
