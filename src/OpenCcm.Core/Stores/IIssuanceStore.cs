using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>An issued certificate, its CERTIFICATE_ISSUANCE task and its audit entry: what one issuance writes.</summary>
public sealed record IssuanceRecord(Certificate Certificate, ApprovalTask Task, AuditEntryDraft Audit);

/// <summary>
/// The issuance group commit's write (the manager's IssuanceWriter): every record of a batch — certificates, tasks and
/// audit entries sealed onto the chain in order — in one transaction of its own, all or nothing.
/// </summary>
public interface IIssuanceStore
{
    /// <summary>Writes every record or none.</summary>
    /// <exception cref="DuplicateException">A serial or id exists already (nothing was written).</exception>
    /// <exception cref="MissingReferenceException">A record refers to a missing row (nothing was written).</exception>
    /// <exception cref="InvalidOperationException">A store transaction is already active in this scope.</exception>
    ValueTask<IReadOnlyList<AuditEntry>> AppendAsync(IReadOnlyList<IssuanceRecord> issuances, CancellationToken cancellationToken = default);
}
