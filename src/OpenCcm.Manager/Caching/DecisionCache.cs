using System.Collections.Concurrent;
using OpenCcm.Core.Stores;

namespace OpenCcm.Manager.Caching;

/// <summary>
/// A small cache of store reads on the agents' hot path (the node behind a client certificate, the build and app of
/// a measurement). An entry serves only while no decision-changing write happened in this process since it was loaded
/// (<see cref="StoreChanges"/>) and for at most <c>ttl</c>, which bounds how long another manager of a cluster may take
/// to see a change (a deactivated node, a revoked build). Only successful lookups are cached: a refusal is always
/// decided on fresh data.
/// </summary>
internal class DecisionCache<TKey, TValue>(TimeProvider time, TimeSpan ttl, int capacity = 10_000)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    /// <summary>Read <see cref="StoreChanges.Version"/> BEFORE loading the value, and pass it to <see cref="Set"/>.</summary>
    public static long CurrentVersion => StoreChanges.Version;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && IsFresh(entry))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value, long loadedAtVersion)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear(); // rare (more distinct keys than the capacity): start over rather than track recency
        }

        _entries[key] = new Entry(value, loadedAtVersion, time.GetTimestamp());
    }

    private bool IsFresh(Entry entry) =>
        entry.Version == StoreChanges.Version && time.GetElapsedTime(entry.LoadedAt) < ttl;

    private sealed record Entry(TValue Value, long Version, long LoadedAt);
}
