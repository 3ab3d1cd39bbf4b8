using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Protocol.Authentication;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.Options;

namespace Bot.Host.Limits;

/// <summary>
/// The shape limits of one inbound activity (<see cref="LimitsOptions"/>), shared by <c>/api/messages</c>
/// (as an <see cref="IInboundActivityGate"/>) and the self-hosted Direct Line.
/// </summary>
public sealed class ActivityLimits(IOptions<LimitsOptions> options, IOptions<BotFrameworkOptions> protocol) : IInboundActivityGate
{
    private readonly LimitsOptions _options = options.Value;
    private readonly int _maxDepth = protocol.Value.MaxJsonDepth;

    public ValueTask<ActivityRejection?> CheckAsync(Activity activity, InboundAuthResult auth, HttpContext? httpContext, CancellationToken cancellationToken) => ValueTask.FromResult(Check(activity));

    /// <summary>Null when the activity is within the limits (its text possibly cut), otherwise a 400 naming the limit.</summary>
    public ActivityRejection? Check(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Attachments is { } attachments && attachments.Count > _options.MaxAttachments)
        {
            return new ActivityRejection(
                StatusCodes.Status400BadRequest,
                "TooManyAttachments",
                string.Create(CultureInfo.InvariantCulture, $"An activity may carry at most {_options.MaxAttachments} attachments (this one has {attachments.Count})."));
        }

        if (activity.Entities is { } entities && entities.Count > _options.MaxEntities)
        {
            return new ActivityRejection(
                StatusCodes.Status400BadRequest,
                "TooManyEntities",
                string.Create(CultureInfo.InvariantCulture, $"An activity may carry at most {_options.MaxEntities} entities (this one has {entities.Count})."));
        }

        activity.Text = Cut(activity.Text, _options.MaxTextChars);
        activity.MembersAdded = Take(activity.MembersAdded, _options.MaxListItems);
        activity.MembersRemoved = Take(activity.MembersRemoved, _options.MaxListItems);
        activity.ReactionsAdded = Take(activity.ReactionsAdded, _options.MaxListItems);
        activity.ReactionsRemoved = Take(activity.ReactionsRemoved, _options.MaxListItems);
        activity.Value = CutStrings(activity.Value, _options.MaxTextChars);
        return null;
    }

    /// <summary>The first <paramref name="max"/> items (the list itself when it is short enough).</summary>
    private static IList<T>? Take<T>(IList<T>? list, int max) =>
        list is null || list.Count <= max ? list : list.Take(max).ToList();

    /// <summary>
    /// <c>value</c> (a card submit's data: <c>question</c>, a feedback comment, Teams' feedback JSON) with every string
    /// cut to <paramref name="max"/> characters, so no text the bot reads escapes the text cap. Unchanged (no copy)
    /// when nothing is too long.
    /// </summary>
    internal static object? CutStrings(object? value, int max)
    {
        if (ProtocolJson.AsElement(value) is not { } element || !HasLongString(element, max))
        {
            return value;
        }

        var node = JsonNode.Parse(element.GetRawText());
        node = CutNode(node, max);
        return JsonSerializer.SerializeToElement(node, ProtocolJson.Options);
    }

    private static bool HasLongString(JsonElement element, int max) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Length > max,
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.Length > max || HasLongString(p.Value, max)),
        JsonValueKind.Array => element.EnumerateArray().Any(e => HasLongString(e, max)),
        _ => false,
    };

    private static JsonNode? CutNode(JsonNode? node, int max)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    var cut = CutNode(o[name], max);
                    o.Remove(name);
                    if (name.Length <= max)
                    {
                        o[name] = cut;
                    }
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var cut = CutNode(a[i], max);
                    a[i] = null;
                    a[i] = cut;
                }

                return a;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                return text.Length > max ? JsonValue.Create(Cut(text, max)) : JsonValue.Create(text);
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>
    /// The same limits for an activity a Direct Line client posts, plus what <c>/api/messages</c> checks while
    /// reading: nesting depth (<see cref="BotFrameworkOptions.MaxJsonDepth"/>), field types (the activity must
    /// read as an <see cref="Activity"/>, so a wrong type is the client's 400, not the bot's 502), and the
    /// conversation's length (<see cref="LimitsOptions.MaxActivitiesPerConversation"/>, 403). Cuts an overlong text in place.
    /// </summary>
    public ActivityRejection? CheckDirectLine(JsonObject json, long conversationLength)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (conversationLength >= _options.MaxActivitiesPerConversation)
        {
            return new ActivityRejection(
                StatusCodes.Status403Forbidden,
                "ConversationTooLong",
                string.Create(CultureInfo.InvariantCulture, $"This conversation reached {_options.MaxActivitiesPerConversation} activities; please start a new one (reload the page)."));
        }

        if (!AllStringsAreUtf8(json))
        {
            return new ActivityRejection(StatusCodes.Status400BadRequest, "BadSyntax", "The activity contains text that is not valid UTF-8.");
        }

        if (Depth(json, 1) > _maxDepth)
        {
            return new ActivityRejection(StatusCodes.Status400BadRequest, "BadSyntax", string.Create(CultureInfo.InvariantCulture, $"The activity is nested deeper than {_maxDepth} levels."));
        }

        Activity? activity;
        try
        {
            activity = json.Deserialize<Activity>(ProtocolJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // InvalidOperationException: a string that is not valid UTF-8 (System.Text.Json cannot transcode it).
            activity = null;
        }

        if (activity is null)
        {
            return new ActivityRejection(StatusCodes.Status400BadRequest, "BadArgument", "The body is not a valid activity (a field has the wrong type or is not valid UTF-8).");
        }

        var valueBefore = activity.Value;
        if (Check(activity) is { } rejection)
        {
            return rejection;
        }

        if (activity.Text is not null && json["text"] is JsonValue text && text.TryGetValue<string>(out var original) && original.Length != activity.Text.Length)
        {
            json["text"] = activity.Text;
        }

        if (!ReferenceEquals(valueBefore, activity.Value) && ProtocolJson.AsElement(activity.Value) is { } capped)
        {
            json["value"] = JsonNode.Parse(capped.GetRawText());
        }

        foreach (var list in new[] { "membersAdded", "membersRemoved", "reactionsAdded", "reactionsRemoved" })
        {
            if (json[list] is JsonArray items && items.Count > _options.MaxListItems)
            {
                json[list] = new JsonArray(items.Take(_options.MaxListItems).Select(i => i?.DeepClone()).ToArray());
            }
        }


        return null;
    }

    /// <summary>False when a string (or property name) is not valid UTF-8: System.Text.Json reads it lazily and would throw later.</summary>
    private static bool AllStringsAreUtf8(JsonNode? node)
    {
        try
        {
            return Walk(node);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static bool Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        _ = name.Length;
                        if (!Walk(value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonArray a:
                    return a.All(Walk);
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    return v.TryGetValue<string>(out _);
                default:
                    return true;
            }
        }
    }

    private static int Depth(JsonNode? node, int depth) => node switch
    {
        JsonObject o => o.Select(p => Depth(p.Value, depth + 1)).DefaultIfEmpty(depth).Max(),
        JsonArray a => a.Select(v => Depth(v, depth + 1)).DefaultIfEmpty(depth).Max(),
        _ => depth - 1,
    };

    /// <summary>The first <paramref name="max"/> characters, never splitting a surrogate pair.</summary>
    internal static string? Cut(string? text, int max)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end];
    }
}
