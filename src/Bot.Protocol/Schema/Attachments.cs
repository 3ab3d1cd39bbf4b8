using System.Text.Json.Serialization;

namespace Bot.Protocol.Schema;

/// <summary>An attachment: a card (<see cref="Content"/>) or a file (<see cref="ContentUrl"/>), never both (spec A7100).</summary>
public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public object? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }
}

/// <summary>A clickable action (suggested actions, hero card buttons).</summary>
public sealed class CardAction
{
    public CardAction()
    {
    }

    public CardAction(string type, string title, object? value = null)
    {
        Type = type;
        Title = title;
        Value = value;
    }

    public string? Type { get; set; }
    public string? Title { get; set; }
    public string? Image { get; set; }
    public string? Text { get; set; }
    public string? DisplayText { get; set; }
    public object? Value { get; set; }
    public object? ChannelData { get; set; }
    public string? ImageAltText { get; set; }

    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }
}

/// <summary>Buttons shown under a message until the user answers; empty <see cref="To"/> means everyone.</summary>
public sealed class SuggestedActions
{
    public IList<string>? To { get; set; }
    public IList<CardAction>? Actions { get; set; }

    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }
}

/// <summary>
/// Metadata attached to an activity: <c>{type, ...}</c>. Everything beside <see cref="Type"/> lives in
/// <see cref="Properties"/> (as received, or any serializable values when sending).
/// </summary>
public sealed class Entity
{
    public Entity()
    {
    }

    public Entity(string type) => Type = type;

    public string? Type { get; set; }

    [JsonExtensionData]
    public IDictionary<string, object>? Properties { get; set; }
}

/// <summary>The reply to an invoke activity: the HTTP status and JSON body the adapter writes back to the channel.</summary>
public sealed class InvokeResponse
{
    public InvokeResponse()
    {
    }

    public InvokeResponse(int status, object? body = null)
    {
        Status = status;
        Body = body;
    }

    public int Status { get; set; }

    /// <summary>The JSON body; null writes an empty body (required for <c>message/submitAction</c>).</summary>
    public object? Body { get; set; }
}

/// <summary>What the Connector returns for a sent activity: <c>{"id": "..."}</c>.</summary>
public sealed class ResourceResponse
{
    public ResourceResponse()
    {
    }

    public ResourceResponse(string? id) => Id = id;

    public string? Id { get; set; }
}

/// <summary>A Connector error body: <c>{"error": {"code", "message"}}</c>.</summary>
public sealed class ErrorResponse
{
    public ErrorBody? Error { get; set; }
}

public sealed class ErrorBody
{
    public string? Code { get; set; }
    public string? Message { get; set; }
}

/// <summary>The body of an <c>adaptiveCard/action</c> invoke response (the outer HTTP status is always 200).</summary>
public sealed class AdaptiveCardInvokeResponse
{
    public int StatusCode { get; set; }
    public string? Type { get; set; }
    public object? Value { get; set; }
}
