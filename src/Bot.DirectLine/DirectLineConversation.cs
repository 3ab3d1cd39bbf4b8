using System.Globalization;
using System.Text;

namespace Bot.DirectLine;

/// <summary>One activity of a conversation's history, kept as the JSON the client will read.</summary>
/// <param name="Sequence">1, 2, 3, ... in the order the channel accepted them; the watermark is the last one a client has.</param>
/// <param name="Json">The stamped activity, serialised once.</param>
/// <param name="StreamOnly">Typing indicators: pushed over the WebSocket, never returned by GET (as the real service does).</param>
internal sealed record StoredActivity(long Sequence, string Json, bool StreamOnly)
{
    public int Bytes => Json.Length * sizeof(char);
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

    public DirectLineConversation(string id, string userId, string? userName, DateTimeOffset now, int maxActivities, int maxBytes)
    {
        Id = id;
        UserId = userId;
        UserName = userName;
        _maxActivities = maxActivities;
        _maxBytes = maxBytes;
        _lastUsedTicks = now.UtcTicks;
    }

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
    public string ActivityId(long sequence) => Id + "|" + sequence.ToString("D7", CultureInfo.InvariantCulture);

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
            while (_history.Count > 1 && (_history.Count > _maxActivities || _bytes > _maxBytes))
            {
                _bytes -= _history.First!.Value.Bytes;
                _history.RemoveFirst();
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
        return stored;
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

    /// <summary>Ends the conversation: open streams close and waiters stop.</summary>
    public void End()
    {
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
