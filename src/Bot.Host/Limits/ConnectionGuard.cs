using Microsoft.AspNetCore.Connections;

namespace Bot.Host.Limits;

/// <summary>
/// Kestrel connection middleware against connection exhaustion (idle TCP connections that never send a request).
/// A new connection must send its first byte within <see cref="LimitsOptions.FirstRequestTimeout"/>, or it is
/// closed; and once 90 % of <see cref="LimitsOptions.MaxConcurrentConnections"/> are open, each new connection
/// closes the oldest one still silent, so real clients (who send at once) always get in while Kestrel's own limit
/// keeps file descriptors bounded. Nothing is read or consumed: the first bytes are left for Kestrel.
/// </summary>
internal sealed class ConnectionGuard(LimitsOptions options, ILogger<ConnectionGuard> logger)
{
    private readonly LinkedList<CancellationTokenSource> _silent = new();
    private readonly int _evictAt = Math.Max(1, options.MaxConcurrentConnections - Math.Max(1, options.MaxConcurrentConnections / 10));
    private int _open;
    private long _closed;
    private long _lastReported = Environment.TickCount64 - 60_000;

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var open = Interlocked.Increment(ref _open);
        try
        {
            if (open >= _evictAt)
            {
                EvictOldestSilent();
            }

            using var wait = new CancellationTokenSource(options.FirstRequestTimeout);
            LinkedListNode<CancellationTokenSource> node;
            lock (_silent)
            {
                node = _silent.AddLast(wait);
            }

            var input = connection.Transport.Input;
            try
            {
                var first = await input.ReadAsync(wait.Token).ConfigureAwait(false);
                input.AdvanceTo(first.Buffer.Start);
                if (first.IsCompleted && first.Buffer.IsEmpty)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                Closed();
                connection.Abort(new ConnectionAbortedException("No request within Limits:FirstRequestTimeout, or closed to admit a new connection."));
                return;
            }
            finally
            {
                lock (_silent)
                {
                    if (node.List is not null)
                    {
                        _silent.Remove(node);
                    }
                }
            }

            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private void EvictOldestSilent()
    {
        CancellationTokenSource? oldest = null;
        lock (_silent)
        {
            if (_silent.First is { } first)
            {
                oldest = first.Value;
                _silent.RemoveFirst();
            }
        }

        try
        {
            oldest?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Closed()
    {
        var closed = Interlocked.Increment(ref _closed);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastReported);
        if (now - last >= 60_000 && Interlocked.CompareExchange(ref _lastReported, now, last) == last)
        {
            logger.LogWarning("Closed {Count} connections so far that sent no request in time or were the oldest silent ones when connections ran short (Limits:FirstRequestTimeout, Limits:MaxConcurrentConnections).", closed);
        }
    }
}
