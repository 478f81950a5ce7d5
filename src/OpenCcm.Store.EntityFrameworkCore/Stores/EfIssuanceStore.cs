using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IIssuanceStore"/>
/// <remarks>
/// The hottest write of the manager, so it bypasses SaveChanges (change tracking, one statement built per row) but
/// not EF's model or transaction: one transaction takes the chain lock and reads the head, seals the audit entries
/// after it, inserts certificates, tasks and entries with statements made once per entity type from the model
/// (<see cref="Inserts"/>), and commits. Each provider supplies the lock + head read and the insert form; a failure
/// rolls the whole batch back and surfaces as the same typed store exceptions as every other write.
/// </remarks>
public abstract class EfIssuanceStore(OpenCcmDbContext context) : EfStore(context), IIssuanceStore
{
    /// <summary>The head selected by <see cref="LockAndReadHeadAsync"/>.</summary>
    protected const string HeadQuery = "SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1";

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<AuditEntry>> AppendAsync(IReadOnlyList<IssuanceRecord> issuances, CancellationToken cancellationToken = default)
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

        try
        {
            await using var transaction = await Context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var connection = Context.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            var (headSequence, headHash) = await LockAndReadHeadAsync(connection, dbTransaction, cancellationToken).ConfigureAwait(false);
            var sealedEntries = EfAuditStore.SealAfter(headSequence, headHash, [.. issuances.Select(i => i.Audit)]);
            await InsertAsync(
                connection, dbTransaction,
                [.. issuances.Select(i => Versioned(i.Certificate.ToEntity()))],
                [.. issuances.Select(i => Versioned(i.Task.ToEntity()))],
                [.. sealedEntries.Select(AuditMapper.ToEntity)],
                cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return sealedEntries;
        }
        catch (DbException e) when (StoreErrors.Translate(e, nameof(Certificate)) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Takes the audit chain's lock for the rest of <paramref name="transaction"/> (unless beginning it did) and reads
    /// the committed head after it: sequence 0 and no hash when the log is empty.
    /// </summary>
    protected abstract ValueTask<(long Sequence, byte[]? Hash)> LockAndReadHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Inserts the new rows in <paramref name="transaction"/>.</summary>
    protected abstract ValueTask InsertAsync(
        DbConnection connection, DbTransaction transaction, CertificateEntity[] certificates, TaskEntity[] tasks, AuditEntryEntity[] auditEntries,
        CancellationToken cancellationToken);

    // New rows start at version 1, as InsertAsync of the other stores leaves them.
    private static TEntity Versioned<TEntity>(TEntity entity)
        where TEntity : IVersionedEntity
    {
        entity.Version = 1;
        return entity;
    }
}
