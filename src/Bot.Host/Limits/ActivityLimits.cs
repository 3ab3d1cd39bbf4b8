using System.Globalization;
using Bot.Protocol.Authentication;
using Bot.Protocol.Hosting;
using Bot.Protocol.Schema;
using Microsoft.Extensions.Options;

namespace Bot.Host.Limits;

/// <summary>
/// The shape limits of one inbound activity (<see cref="LimitsOptions"/>), shared by <c>/api/messages</c>
/// (as an <see cref="IInboundActivityGate"/>) and the self-hosted Direct Line.
/// </summary>
public sealed class ActivityLimits(IOptions<LimitsOptions> options) : IInboundActivityGate
{
    private readonly LimitsOptions _options = options.Value;

    public ActivityRejection? Check(Activity activity, InboundAuthResult auth, HttpContext? httpContext) => Check(activity);

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
        return null;
    }

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
