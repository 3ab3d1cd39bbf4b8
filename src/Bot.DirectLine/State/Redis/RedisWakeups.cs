using StackExchange.Redis;

namespace Bot.DirectLine.State.Redis;

/// <summary>
/// The wake-ups of the streams open on this instance: one pattern subscription (<c>wake:*</c>) receives the
/// sequence number every append publishes, on any instance, and completes the signal of that conversation.
/// A lost message only delays a stream until its next periodic check (<see cref="RedisDirectLineStore.RecheckInterval"/>).
/// </summary>
internal sealed class RedisWakeups
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Waiter> _waiters = new(StringComparer.Ordinal);
    private readonly string _channelPrefix;
    private Task? _subscribed;

    public RedisWakeups(IConnectionMultiplexer redis, string keyPrefix)
    {
        Redis = redis;
        _channelPrefix = keyPrefix + "wake:";
    }

    private IConnectionMultiplexer Redis { get; }

    public RedisChannel Channel(string conversationId) => RedisChannel.Literal(_channelPrefix + conversationId);

    /// <summary>Subscribes once (lazily, on the first stream).</summary>
    public Task EnsureSubscribedAsync()
    {
        lock (_gate)
        {
            return _subscribed ??= Redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(_channelPrefix + "*"), (channel, _) => Wake(((string?)channel ?? "")[_channelPrefix.Length..]));
        }
    }

    /// <summary>A signal that completes at the next wake-up of the conversation; dispose the registration when done waiting.</summary>
    public Registration Register(string conversationId)
    {
        lock (_gate)
        {
            if (!_waiters.TryGetValue(conversationId, out var waiter))
            {
                waiter = new Waiter();
                _waiters[conversationId] = waiter;
            }

            waiter.Count++;
            return new Registration(this, conversationId, waiter.Signal.Task);
        }
    }

    private void Wake(string conversationId)
    {
        TaskCompletionSource? signal = null;
        lock (_gate)
        {
            if (_waiters.TryGetValue(conversationId, out var waiter))
            {
                signal = waiter.Signal;
                waiter.Signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        signal?.TrySetResult();
    }

    private void Release(string conversationId)
    {
        lock (_gate)
        {
            if (_waiters.TryGetValue(conversationId, out var waiter) && --waiter.Count == 0)
            {
                _waiters.Remove(conversationId);
            }
        }
    }

    /// <summary>Conversations with a waiting stream on this instance (for tests).</summary>
    internal int WaitingConversations
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    private sealed class Waiter
    {
        public int Count { get; set; }

        public TaskCompletionSource Signal { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal readonly struct Registration(RedisWakeups owner, string conversationId, Task signal) : IDisposable
    {
        public Task Signal { get; } = signal;

        public void Dispose() => owner.Release(conversationId);
    }
}
