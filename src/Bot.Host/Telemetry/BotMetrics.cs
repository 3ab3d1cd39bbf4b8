using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bot.Answers;

namespace Bot.Host.Telemetry;

/// <summary>
/// The bot's own metrics and traces (meter and activity source <see cref="Name"/>). Every tag is an enumeration
/// (answer kind, urgency tier, failure kind): no message text, fact text or user id ever reaches a signal.
/// </summary>
public static class BotMetrics
{
    public const string Name = "HemifacialSpasmBot";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Turns = Meter.CreateCounter<long>("bot.turns", "{turn}", "Answered turns, by answer kind and safety urgency tier.");

    private static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("bot.turn.duration", "s", "Time to answer one question (engine and sending the reply).");

    private static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>("bot.connector.delivery.failures", "{activity}", "Replies the Connector client gave up on, by HTTP status.");

    private static readonly Counter<long> DeliveryRetries = Meter.CreateCounter<long>("bot.connector.delivery.retries", "{retry}", "Connector attempts retried after 429, 503 or a connection that never opened.");

    /// <summary>Counts one answered turn and its latency.</summary>
    public static void RecordTurn(AnswerKind kind, Urgency urgency, TimeSpan elapsed)
    {
        var tags = new TagList { { "answer.kind", kind.ToString() }, { "safety.urgency", urgency.ToString() } };
        Turns.Add(1, tags);
        TurnDuration.Record(elapsed.TotalSeconds, tags);
    }

    public static void RecordDeliveryFailure(System.Net.HttpStatusCode? status) =>
        DeliveryFailures.Add(1, new KeyValuePair<string, object?>("http.response.status_code", status is null ? "none" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static void RecordDeliveryRetry() => DeliveryRetries.Add(1);
}
