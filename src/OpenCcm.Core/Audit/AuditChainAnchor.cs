namespace OpenCcm.Core.Audit;

/// <summary>A point of the chain known to be good: an entry's sequence and hash (sequence 0 = before the first entry).</summary>
/// <param name="Sequence">The sequence of the entry.</param>
/// <param name="Hash">Its hash (32 bytes).</param>
public sealed record AuditChainAnchor(long Sequence, byte[] Hash)
{
    /// <summary>Before the first entry: sequence 0, 32 zero bytes.</summary>
    public static AuditChainAnchor Genesis { get; } = new(0, new byte[AuditCanonicalEncoding.HashLength]);

    /// <summary>The anchor at <paramref name="entry"/>.</summary>
    public static AuditChainAnchor At(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditChainAnchor(entry.Sequence, entry.Hash);
    }
}
