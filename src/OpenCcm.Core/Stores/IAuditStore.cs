using OpenCcm.Core.Audit;

namespace OpenCcm.Core.Stores;

/// <summary>
/// Persists the hash-chained audit log. Appends are serialised: each reads the current head and inserts the next
/// sequence in one transaction, so concurrent appends (threads, processes, managers on one PostgreSQL) never fork
/// the chain. Inside an <see cref="IStoreTransaction"/> the entry commits or rolls back with the other writes.
/// </summary>
public interface IAuditStore
{
    /// <summary>Chains and stores one entry; returns it sealed (sequence, hashes).</summary>
    /// <exception cref="ArgumentException">The draft cannot be encoded (<see cref="AuditEntry.Create"/>).</exception>
    ValueTask<AuditEntry> AppendAsync(AuditEntryDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Chains and stores several entries at once, in order (one transaction, one commit).</summary>
    /// <exception cref="ArgumentException">A draft cannot be encoded; nothing is stored.</exception>
    ValueTask<IReadOnlyList<AuditEntry>> AppendRangeAsync(IReadOnlyList<AuditEntryDraft> drafts, CancellationToken cancellationToken = default);

    /// <summary>The newest entry, or null when the log is empty.</summary>
    ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>The entry with this sequence, or null.</summary>
    ValueTask<AuditEntry?> GetAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>Entries matching <paramref name="query"/>, in sequence order.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every entry after <paramref name="afterSequence"/>, in sequence order, read in pages (for verification).</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAsync(long afterSequence = 0, CancellationToken cancellationToken = default);
}
