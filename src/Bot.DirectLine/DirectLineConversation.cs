using System.Globalization;
using System.Text;

namespace Bot.DirectLine;

/// <summary>One activity of a conversation's history, kept as the JSON the client will read.</summary>
/// <param name="Sequence">1, 2, 3, ... in the order the channel accepted them; the watermark is the last one a client has.</param>
/// <param name="Json">The stamped activity, serialised once.</param>
/// <param name="StreamOnly">Typing indicators: pushed over the WebSocket, never returned by GET (as the real service does).</param>
public sealed record StoredActivity(long Sequence, string Json, bool StreamOnly)
{
    /// <summary>What the entry costs in memory: the UTF-16 text and the record and list node around it.</summary>
    public int Bytes => (Json.Length * sizeof(char)) + 96;
}

/// <summary>The history bytes every conversation together may hold (<see cref="DirectLineOptions.MaxTotalHistoryBytes"/>).</summary>
internal sealed class HistoryBudget(long max, Action? reclaim = null)
{
    public static readonly HistoryBudget Unbounded = new(long.MaxValue);

    private long _used;

    public long Used => Interlocked.Read(ref _used);

    public bool Over => Used > max;

    public void Add(long bytes) => Interlocked.Add(ref _used, bytes);

    /// <summary>When over the budget, asks the store to drop history from the least recently used conversations.</summary>
    public void ReclaimIfOver()
    {
        if (Over)
        {
            reclaim?.Invoke();
        }
    }
}

/// <summary>
/// A Direct Line conversation: its user, its bounded history and a change signal the WebSocket streams wait on.
/// Thread-safe; every member may be called from any request.
/// </summary>
internal sealed class DirectLineConversation
{
    private readonly object _gate = new();
    private readonly LinkedList<StoredActivity> _history = new();
    private readonly int _maxActivities;
    private readonly int _maxBytes;
    private readonly CancellationTokenSource _ended = new();
    private long _lastSequence;
    private long _bytes;
    private long _lastUsedTicks;
    private int _streams;
    private TaskCompletionSource _changed = NewSignal();

    private readonly HistoryBudget _budget;

    public DirectLineConversation(string id, string userId, string? userName, DateTimeOffset now, int maxActivities, int maxBytes, HistoryBudget? budget = null)
    {
        Id = id;
        UserId = userId;
        UserName = userName;
        _maxActivities = maxActivities;
        _maxBytes = maxBytes;
        _budget = budget ?? HistoryBudget.Unbounded;
        _lastUsedTicks = now.UtcTicks;
        Created = now;
    }

    /// <summary>When the conversation was reserved (a token was generated).</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The client address that reserved it (for the per-address quota), or null.</summary>
    public string? Address { get; init; }

    public string Id { get; }

    public string UserId { get; }

    public string? UserName { get; }

    /// <summary>True once <c>POST /conversations</c> started it (a generated token only reserves it).</summary>
    public bool Started { get; private set; }

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    /// <summary>Cancelled when the conversation expires, so its open streams close.</summary>
    public CancellationToken Ended => _ended.Token;

    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence;
            }
        }
    }

    public long HistoryBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public int HistoryCount
    {
        get
        {
            lock (_gate)
            {
                return _history.Count;
            }
        }
    }

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    /// <summary>Marks the conversation started; false if it already was.</summary>
    public bool TryStart()
    {
        lock (_gate)
        {
            if (Started)
            {
                return false;
            }

            Started = true;
            return true;
        }
    }

    /// <summary>The activity id the channel gives to the activity with this sequence number.</summary>
    public string ActivityId(long sequence) => State.DirectLineIds.ActivityId(Id, sequence);

    /// <summary>
    /// Appends one activity. <paramref name="serialize"/> receives the new activity's id and returns its JSON.
    /// Drops the oldest activities when the history is over its bounds. Wakes every waiting stream.
    /// </summary>
    public StoredActivity Append(Func<string, string> serialize, bool streamOnly)
    {
        TaskCompletionSource changed;
        StoredActivity stored;
        lock (_gate)
        {
            var sequence = _lastSequence + 1;
            stored = new StoredActivity(sequence, serialize(ActivityId(sequence)), streamOnly);
            _lastSequence = sequence;
            _history.AddLast(stored);
            _bytes += stored.Bytes;
            _budget.Add(stored.Bytes);

            // Past its own bounds the oldest go first (clients already have them); the newest always stays.
            // Past the budget of every conversation together, the store trims the least recently used ones.
            while (_history.Count > 1 && (_history.Count > _maxActivities || _bytes > _maxBytes))
            {
                var oldest = _history.First!.Value.Bytes;
                _bytes -= oldest;
                _budget.Add(-oldest);
                _history.RemoveFirst();
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
        _budget.ReclaimIfOver();
        return stored;
    }

    /// <summary>Drops this conversation's oldest activities while every conversation together is over the budget; returns the bytes freed.</summary>
    public long TrimWhileOverBudget()
    {
        lock (_gate)
        {
            long freed = 0;
            while (_history.Count > 0 && _budget.Over)
            {
                var oldest = _history.First!.Value.Bytes;
                _bytes -= oldest;
                _budget.Add(-oldest);
                _history.RemoveFirst();
                freed += oldest;
            }

            return freed;
        }
    }

    /// <summary>The activities after <paramref name="watermark"/>, and the watermark to send back (the last sequence).</summary>
    public (IReadOnlyList<StoredActivity> Activities, long Watermark) Since(long watermark, bool includeStreamOnly)
    {
        lock (_gate)
        {
            var list = new List<StoredActivity>();
            for (var node = _history.Last; node is not null && node.Value.Sequence > watermark; node = node.Previous)
            {
                if (includeStreamOnly || !node.Value.StreamOnly)
                {
                    list.Add(node.Value);
                }
            }

            list.Reverse();
            return (list, _lastSequence);
        }
    }

    /// <summary>Completes when an activity after <paramref name="watermark"/> exists (at once if one does).</summary>
    public Task WaitForActivityAfterAsync(long watermark, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_lastSequence > watermark)
            {
                return Task.CompletedTask;
            }

            signal = _changed.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>Counts an open stream; false when the conversation already has <paramref name="max"/>.</summary>
    public bool TryAddStream(int max)
    {
        lock (_gate)
        {
            if (_streams >= max)
            {
                return false;
            }

            _streams++;
            return true;
        }
    }

    public void RemoveStream()
    {
        lock (_gate)
        {
            _streams--;
        }
    }

    /// <summary>Ends the conversation: open streams close and waiters stop; its history leaves the budget.</summary>
    public void End()
    {
        lock (_gate)
        {
            _budget.Add(-_bytes);
            _bytes = 0;
            _history.Clear();
        }

        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Serialises an ActivitySet <c>{"activities":[...],"watermark":"n"}</c> from stored JSON without re-parsing it.</summary>
    public static string ActivitySetJson(IReadOnlyList<StoredActivity> activities, long watermark)
    {
        var builder = new StringBuilder(64 + activities.Sum(a => a.Json.Length + 1));
        builder.Append("{\"activities\":[");
        for (var i = 0; i < activities.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(activities[i].Json);
        }

        builder.Append("],\"watermark\":\"").Append(watermark.ToString(CultureInfo.InvariantCulture)).Append("\"}");
        return builder.ToString();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
