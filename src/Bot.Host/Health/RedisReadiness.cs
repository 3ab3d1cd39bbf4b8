using Bot.Host.Reliability;
using StackExchange.Redis;

namespace Bot.Host.Health;

/// <summary>
/// Readiness of Redis (only when <c>ConnectionStrings:Redis</c> is set): the shared connection is up. Without it
/// this instance cannot read conversations, tokens or state the others wrote, so the load balancer should skip it.
/// </summary>
internal sealed class RedisReadiness(IConnectionMultiplexer redis) : IReadinessCheck
{
    public string? Problem() => redis.IsConnected ? null : "Redis unavailable (shared conversation state)";
}
