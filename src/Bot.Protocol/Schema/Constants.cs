namespace Bot.Protocol.Schema;

/// <summary>Activity <c>type</c> values.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string InvokeResponse = "invokeResponse";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
    public const string Event = "event";
    public const string Trace = "trace";
}

/// <summary>Well-known <c>channelId</c> values.</summary>
public static class Channels
{
    public const string Emulator = "emulator";
    public const string Msteams = "msteams";
    public const string Webchat = "webchat";
    public const string DirectLine = "directline";
    public const string Test = "test";
}

/// <summary><see cref="CardAction.Type"/> values.</summary>
public static class ActionTypes
{
    public const string ImBack = "imBack";
    public const string PostBack = "postBack";
    public const string MessageBack = "messageBack";
    public const string OpenUrl = "openUrl";
}

/// <summary>Attachment and invoke-response content types.</summary>
public static class ContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string HeroCard = "application/vnd.microsoft.card.hero";
    public const string ActivityMessage = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
}

/// <summary><see cref="Activity.TextFormat"/> values.</summary>
public static class TextFormatTypes
{
    public const string Plain = "plain";
    public const string Markdown = "markdown";
    public const string Xml = "xml";
}

/// <summary><see cref="Activity.DeliveryMode"/> values.</summary>
public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string ExpectReplies = "expectReplies";
}

/// <summary><see cref="ChannelAccount.Role"/> values.</summary>
public static class RoleTypes
{
    public const string User = "user";
    public const string Bot = "bot";
}
