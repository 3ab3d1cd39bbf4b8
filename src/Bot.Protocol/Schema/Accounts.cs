using System.Text.Json.Serialization;

namespace Bot.Protocol.Schema;

/// <summary>A user or bot on a channel: <c>{id, name, aadObjectId, role}</c>.</summary>
public sealed class ChannelAccount
{
    public ChannelAccount()
    {
    }

    public ChannelAccount(string id, string? name = null, string? role = null)
    {
        Id = id;
        Name = name;
        Role = role;
    }

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }

    /// <summary><c>user</c> or <c>bot</c>; informative only (spec A7511).</summary>
    public string? Role { get; set; }

    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }
}

/// <summary>A conversation: <c>{isGroup, conversationType, id, name, aadObjectId, role, tenantId}</c>.</summary>
public sealed class ConversationAccount
{
    public ConversationAccount()
    {
    }

    public ConversationAccount(string id, bool? isGroup = null, string? conversationType = null)
    {
        Id = id;
        IsGroup = isGroup;
        ConversationType = conversationType;
    }

    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }
    public string? TenantId { get; set; }

    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }
}

/// <summary>A reaction on a message (<c>like</c>, <c>heart</c>, ...).</summary>
public sealed class MessageReaction
{
    public string? Type { get; set; }

    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }
}
