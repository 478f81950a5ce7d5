namespace OpenCcm.Agent.Heartbeats;

/// <summary>
/// The relay's bounded FIFO of verified heartbeats, in memory: the agent outlives manager restarts, so nothing that fits is
/// lost while the manager is away; an agent restart loses what was not yet acknowledged (the runtime keeps sending, and
/// the manager ignores sequence numbers it has seen). Entries leave only when the manager acknowledged them. Thread-safe.
/// </summary>
internal sealed class HeartbeatBuffer(int capacity)
{
    private readonly LinkedList<RelayedHeartbeat> _entries = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _available = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Appends; false when full.</summary>
    public bool TryAdd(RelayedHeartbeat heartbeat)
    {
        lock (_lock)
        {
            if (_entries.Count >= Capacity)
            {
                return false;
            }

            _entries.AddLast(heartbeat);
            _available.TrySetResult();
            return true;
        }
    }

    /// <summary>The oldest entries, up to <paramref name="max"/>, left in place until <see cref="Remove"/>.</summary>
    public List<RelayedHeartbeat> Peek(int max)
    {
        lock (_lock)
        {
            return [.. _entries.Take(max)];
        }
    }

    /// <summary>Drops the <paramref name="count"/> oldest entries (those a batch delivered).</summary>
    public void Remove(int count)
    {
        lock (_lock)
        {
            for (var i = 0; i < count && _entries.Count > 0; i++)
            {
                _entries.RemoveFirst();
            }

            if (_entries.Count == 0)
            {
                _available = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Completes when the buffer holds something.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _entries.Count > 0 ? Task.CompletedTask : _available.Task.WaitAsync(cancellationToken);
        }
    }
}
