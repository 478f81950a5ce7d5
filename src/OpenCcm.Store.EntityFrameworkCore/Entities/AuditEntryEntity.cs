using OpenCcm.Core.Audit;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>audit_entries</c>; the sequence is the primary key, so two appends can never share one.</summary>
public class AuditEntryEntity
{
    public long Sequence { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public Guid? AccountId { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Subject { get; set; } = "";
    public AuditOutcome Outcome { get; set; }

    /// <summary>Text, not jsonb: the hash covers these exact bytes.</summary>
    public string Details { get; set; } = "{}";
    public byte[] PreviousHash { get; set; } = [];
    public byte[] Hash { get; set; } = [];
}
