using System.Text.Json.Serialization;

namespace Bot.Protocol.Schema;

/// <summary>
/// A Bot Framework activity (Activity protocol v3), serialized with <see cref="ProtocolJson.Options"/>:
/// camelCase names, nulls omitted, and every field this class does not model kept in
/// <see cref="Properties"/> so it round-trips unchanged. Names mirror the Bot Builder SDK's <c>Activity</c>.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }

    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? Timestamp { get; set; }

    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public IList<ChannelAccount>? MembersAdded { get; set; }
    public IList<ChannelAccount>? MembersRemoved { get; set; }
    public IList<MessageReaction>? ReactionsAdded { get; set; }
    public IList<MessageReaction>? ReactionsRemoved { get; set; }
    public string? TopicName { get; set; }
    public bool? HistoryDisclosed { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Speak { get; set; }
    public string? InputHint { get; set; }
    public string? Summary { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public IList<Attachment>? Attachments { get; set; }
    public IList<Entity>? Entities { get; set; }

    /// <summary>Channel-specific data; an object as received (a <see cref="System.Text.Json.JsonElement"/>) or any serializable value when sending.</summary>
    public object? ChannelData { get; set; }

    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Label { get; set; }
    public string? ValueType { get; set; }

    /// <summary>Card submit data, invoke payloads, event values: a <see cref="System.Text.Json.JsonElement"/> as received.</summary>
    public object? Value { get; set; }

    public string? Name { get; set; }
    public ConversationReference? RelatesTo { get; set; }
    public string? Code { get; set; }
    public DateTimeOffset? Expiration { get; set; }
    public string? Importance { get; set; }
    public string? DeliveryMode { get; set; }
    public IList<string>? ListenFor { get; set; }
    public object? TextHighlights { get; set; }
    public object? SemanticAction { get; set; }

    /// <summary>Never trusted from the wire (spec A2251); the adapter clears it on inbound activities.</summary>
    public string? CallerId { get; set; }

    /// <summary>Fields this class does not model, kept verbatim (spec A2005).</summary>
    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }

    /// <summary>A new outgoing message activity with the given text.</summary>
    public static Activity CreateMessageActivity(string? text = null) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>The reference to this activity's conversation (used to address replies and proactive messages).</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = ShouldThreadReplies() ? Id : null,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };

    /// <summary>
    /// Fills what an outgoing activity takes from the conversation (as the SDK's ApplyConversationReference):
    /// channel, service URL, conversation, from = the bot, recipient = the user, locale when unset, and
    /// <see cref="ReplyToId"/> = the incoming activity id when unset.
    /// </summary>
    public Activity ApplyConversationReference(ConversationReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ChannelId = reference.ChannelId;
        ServiceUrl = reference.ServiceUrl;
        Conversation = reference.Conversation;
        From = reference.Bot;
        Recipient = reference.User;
        Locale ??= reference.Locale;
        ReplyToId ??= reference.ActivityId;
        return this;
    }

    /// <summary>
    /// The SDK does not thread replies to a Direct Line / Web Chat conversationUpdate: replying to its
    /// id can fail there, so those are answered with send-to-conversation.
    /// </summary>
    private bool ShouldThreadReplies() =>
        !(string.Equals(Type, ActivityTypes.ConversationUpdate, StringComparison.Ordinal)
          && (string.Equals(ChannelId, Channels.DirectLine, StringComparison.Ordinal)
              || string.Equals(ChannelId, Channels.Webchat, StringComparison.Ordinal)));
}

/// <summary>The address of a conversation and (optionally) of the activity to reply to.</summary>
public sealed class ConversationReference
{
    public string? ActivityId { get; set; }
    public ChannelAccount? User { get; set; }
    public ChannelAccount? Bot { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ChannelId { get; set; }
    public string? Locale { get; set; }
    public string? ServiceUrl { get; set; }

    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }
}
