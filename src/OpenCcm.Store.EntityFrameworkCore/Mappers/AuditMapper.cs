using OpenCcm.Core.Audit;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class AuditMapper
{
    // Entries are sealed at microsecond precision already (AuditEntry.Create); nothing is normalised here, so a
    // stored row is exactly what was hashed.
    public static AuditEntryEntity ToEntity(this AuditEntry m) => new()
    {
        Sequence = m.Sequence, Timestamp = m.Timestamp, AccountId = m.AccountId, Actor = m.Actor, Action = m.Action,
        Subject = m.Subject, Outcome = m.Outcome, Details = m.Details, PreviousHash = m.PreviousHash, Hash = m.Hash,
    };

    public static AuditEntry ToModel(this AuditEntryEntity e) => new()
    {
        Sequence = e.Sequence, Timestamp = e.Timestamp, AccountId = e.AccountId, Actor = e.Actor, Action = e.Action,
        Subject = e.Subject, Outcome = e.Outcome, Details = e.Details, PreviousHash = e.PreviousHash, Hash = e.Hash,
    };
}
