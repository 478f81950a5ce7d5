using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using OpenCcm.Store.EntityFrameworkCore.Mappers;
using OpenCcm.Store.EntityFrameworkCore.PostgreSql;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IIssuanceStore"/>
/// <remarks>
/// The PostgreSQL write of an issuance batch, in two round trips and a commit instead of EF's four: the chain lock and
/// the head read go as one batch; the certificates, tasks and audit entries as another of three <see cref="UnnestInsert"/>
/// statements, whatever the batch size (EF would send one INSERT per row, each tracked and built anew). Same
/// transaction, same all-or-nothing result and the same typed errors as <see cref="EfIssuanceStore"/>, which the store
/// conformance tests check on both.
/// </remarks>
public sealed class PostgreSqlIssuanceStore(PostgreSqlOpenCcmDbContext context) : EfIssuanceStore(context)
{
    /// <inheritdoc/>
    public override async ValueTask<IReadOnlyList<AuditEntry>> AppendAsync(IReadOnlyList<IssuanceRecord> issuances, CancellationToken cancellationToken = default)
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
            var connection = (NpgsqlConnection)Context.Database.GetDbConnection();
            var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();

            var (headSequence, headHash) = await LockAndReadHeadAsync(connection, npgsqlTransaction, cancellationToken).ConfigureAwait(false);
            var sealedEntries = EfAuditStore.SealAfter(headSequence, headHash, [.. issuances.Select(i => i.Audit)]);

            var model = Context.Model;
            await using (var inserts = new NpgsqlBatch(connection, npgsqlTransaction))
            {
                inserts.BatchCommands.Add(UnnestInsert.For<CertificateEntity>(model).Command(issuances.Select(i => Versioned(i.Certificate.ToEntity())).ToArray()));
                inserts.BatchCommands.Add(UnnestInsert.For<TaskEntity>(model).Command(issuances.Select(i => Versioned(i.Task.ToEntity())).ToArray()));
                inserts.BatchCommands.Add(UnnestInsert.For<AuditEntryEntity>(model).Command(sealedEntries.Select(AuditMapper.ToEntity).ToArray()));
                await inserts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return sealedEntries;
        }
        catch (PostgresException e) when (StoreErrors.Translate(e, nameof(Certificate)) is { } translated)
        {
            throw translated;
        }
    }

    // The lock (held until the transaction ends) and the committed head after it, in one round trip: the head query
    // runs only once the lock is granted, since PostgreSQL executes a batch's statements in order.
    private static async ValueTask<(long Sequence, byte[]? Hash)> LockAndReadHeadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({PostgreSqlOpenCcmDbContext.AuditChainLockKey})"),
                new NpgsqlBatchCommand("SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : (0, null);
    }

    private static TEntity Versioned<TEntity>(TEntity entity)
        where TEntity : IVersionedEntity
    {
        entity.Version = 1;
        return entity;
    }
}
