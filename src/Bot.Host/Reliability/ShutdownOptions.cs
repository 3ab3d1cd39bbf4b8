namespace Bot.Host.Reliability;

/// <summary>Graceful shutdown (configuration section <c>Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>How long in-flight turns may still run after a stop signal (SIGTERM, Ctrl+C) before they are cancelled.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
