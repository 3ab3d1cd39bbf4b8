using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Bot.Protocol.Hosting;

/// <summary>
/// Remembers which inbound activities already ran a turn, so a channel's retry of the same activity (Azure Bot
/// Service and Teams resend when an answer is late) is answered once. The default keeps them in memory; a
/// shared store (Redis) lets every instance of a scaled-out bot see the same ids.
/// </summary>
public interface IActivityDeduplicator
{
    /// <summary>
    /// True the first time <paramref name="key"/> is seen within <paramref name="window"/> (the turn should run);
    /// false for a repeat. Must be atomic across concurrent callers.
    /// </summary>
    ValueTask<bool> TryBeginAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}

/// <summary>
/// The in-memory <see cref="IActivityDeduplicator"/>: bounded in count (<see cref="TurnOptions.MaxRememberedActivities"/>,
/// the oldest forgotten first) and in time, and in bytes whatever the ids' length (a key is kept as a 128-bit hash).
/// </summary>
public sealed class MemoryActivityDeduplicator : IActivityDeduplicator
{
    private readonly object _lock = new();
    private readonly Dictionary<UInt128, long> _seen = [];
    private readonly Queue<(UInt128 Key, long Expires)> _order = new();
    private readonly int _max;
    private readonly TimeProvider _time;

    public MemoryActivityDeduplicator(IOptions<BotFrameworkOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _max = options.Value.Turns.MaxRememberedActivities;
        _time = time;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    public ValueTask<bool> TryBeginAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_max == 0 || window <= TimeSpan.Zero)
        {
            return ValueTask.FromResult(true);
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var id = new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            while (_order.TryPeek(out var oldest) && (oldest.Expires <= now || _order.Count >= _max))
            {
                _order.Dequeue();
                if (_seen.TryGetValue(oldest.Key, out var expires) && expires == oldest.Expires)
                {
                    _seen.Remove(oldest.Key);
                }
            }

            if (_seen.TryGetValue(id, out var until) && until > now)
            {
                return ValueTask.FromResult(false);
            }

            var expiry = now + window.Ticks;
            _seen[id] = expiry;
            _order.Enqueue((id, expiry));
            return ValueTask.FromResult(true);
        }
    }
}
