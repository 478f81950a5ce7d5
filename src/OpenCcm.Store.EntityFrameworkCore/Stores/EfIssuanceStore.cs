using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IIssuanceStore"/>
/// <remarks>
/// One transaction and one SaveChanges for the whole batch, so EF sends certificates, tasks and audit entries as one
/// command batch; without automatic savepoints, since a failed batch is rolled back as a whole (the manager then
/// retries its issuances one by one).
/// </remarks>
public class EfIssuanceStore(OpenCcmDbContext context) : EfStore(context), IIssuanceStore
{
    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<AuditEntry>> AppendAsync(IReadOnlyList<IssuanceRecord> issuances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issuances);
        if (issuances.Count == 0)
        {
            return [];
        }

        if (Context.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A store transaction is already active in this scope.");
        }

        var savepoints = Context.Database.AutoSavepointsEnabled;
        Context.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var transaction = await Context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var sealedEntries = await EfAuditStore.SealAfterHeadAsync(Context, [.. issuances.Select(i => i.Audit)], cancellationToken).ConfigureAwait(false);
            foreach (var issuance in issuances)
            {
                var certificate = issuance.Certificate.ToEntity();
                certificate.Version = 1;
                var task = issuance.Task.ToEntity();
                task.Version = 1;
                Context.Add(certificate);
                Context.Add(task);
            }

            await SaveAsync(nameof(Certificate), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return sealedEntries;
        }
        finally
        {
            Context.Database.AutoSavepointsEnabled = savepoints;
            Context.ChangeTracker.Clear();
        }
    }
}
