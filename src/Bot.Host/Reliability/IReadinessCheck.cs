namespace Bot.Host.Reliability;

/// <summary>A reason the host cannot serve requests properly; <c>/readyz</c> answers 503 with every reason found.</summary>
public interface IReadinessCheck
{
    /// <summary>Null when ready, otherwise why not.</summary>
    string? Problem();
}
