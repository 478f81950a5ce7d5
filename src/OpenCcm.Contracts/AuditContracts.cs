namespace OpenCcm.Contracts;

/// <summary>
/// One audit log entry as the API returns it: everything needed to recompute its hash (docs/audit-log.md), so a
/// client can verify the chain itself.
/// </summary>
public sealed record AuditEntryResponse(
    long Sequence, long TimestampMicros, string Timestamp, Guid? AcctId, string Actor, string Action, string Subject, string Outcome,
    string Details, string PreviousHash, string Hash);
