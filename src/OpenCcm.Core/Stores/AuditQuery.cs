namespace OpenCcm.Core.Stores;

/// <summary>Which audit entries to list (keyset paging by sequence).</summary>
public sealed record AuditQuery
{
    /// <summary>Only this account's entries.</summary>
    public Guid? AccountId { get; init; }

    /// <summary>Only entries after this sequence (0 = from the start).</summary>
    public long AfterSequence { get; init; }

    /// <summary>At most this many (1..1000).</summary>
    public int Limit { get; init; } = 100;
}
