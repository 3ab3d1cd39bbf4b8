using System.Text.Json;
using Bot.Host.Feedback;
using Bot.Protocol.Schema;

namespace Bot.Host.Bot;

/// <summary>
/// A vote from Web Chat's own feedback buttons: the event <c>webchat:activity-status/feedback</c> whose one entity is
/// the clicked <c>LikeAction</c> or <c>DislikeAction</c> of the answer's message entity, with the <c>object</c>
/// <see cref="AnswerRenderer"/> put there (<c>additionalType</c>: the answer kind, <c>identifier</c>: its fact ids).
/// </summary>
public sealed record WebChatVote(FeedbackRating Rating, IReadOnlyList<string> FactIds, string? Kind)
{
    /// <summary>Reads the vote; null when the event is not a well-formed vote.</summary>
    public static WebChatVote? TryRead(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Entities is not { Count: > 0 } entities)
        {
            return null;
        }

        foreach (var entity in entities)
        {
            if (entity.Properties is null || !entity.Properties.TryGetValue("@type", out var typeValue))
            {
                continue;
            }

            FeedbackRating? rating = (ProtocolJson.AsElement(typeValue) is { ValueKind: JsonValueKind.String } t ? t.GetString() : null) switch
            {
                "LikeAction" => FeedbackRating.Up,
                "DislikeAction" => FeedbackRating.Down,
                _ => null,
            };
            if (rating is null)
            {
                continue;
            }

            IReadOnlyList<string> factIds = [];
            string? kind = null;
            if (entity.Properties.TryGetValue("object", out var objectValue) && ProtocolJson.AsElement(objectValue) is { ValueKind: JsonValueKind.Object } rated)
            {
                if (rated.TryGetProperty("identifier", out var ids) && ids.ValueKind == JsonValueKind.Array)
                {
                    factIds = ids.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).Where(x => x.Length is > 0 and <= 100).Take(20).ToList();
                }

                if (rated.TryGetProperty("additionalType", out var k) && k.ValueKind == JsonValueKind.String && k.GetString() is { Length: > 0 and <= 40 } kindText)
                {
                    kind = kindText;
                }
            }

            return new WebChatVote(rating.Value, factIds, kind);
        }

        return null;
    }
}
