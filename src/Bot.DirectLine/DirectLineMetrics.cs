using System.Diagnostics.Metrics;

namespace Bot.DirectLine;

/// <summary>
/// The channel's metric (meter <see cref="Name"/>): <c>directline.conversations.open</c>, the conversations open in
/// the store (every instance's together with Redis), as counted by the expiry service each minute.
/// </summary>
public static class DirectLineMetrics
{
    public const string Name = "Bot.DirectLine";

    private static readonly Meter Meter = new(Name);

    private static long _open;

    static DirectLineMetrics() =>
        Meter.CreateObservableGauge("directline.conversations.open", () => Interlocked.Read(ref _open), "{conversation}", "Direct Line conversations open (reserved or started).");

    internal static void SetOpen(long open) => Interlocked.Exchange(ref _open, open);
}
