using System.Data.Common;
using Npgsql;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using OpenCcm.Store.EntityFrameworkCore.Inserts;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="EfIssuanceStore"/>
/// <remarks>
/// Two round trips and a commit per batch, whatever its size: the advisory lock and the head read go as one batch,
/// the certificates, tasks and audit entries as another of three <see cref="UnnestInsert"/> statements.
/// </remarks>
public sealed class PostgreSqlIssuanceStore(PostgreSqlOpenCcmDbContext context) : EfIssuanceStore(context)
{
    /// <inheritdoc/>
    protected override async ValueTask<(long Sequence, byte[]? Hash)> LockAndReadHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // PostgreSQL runs a batch's statements in order: the head is read once the lock is granted.
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({PostgreSqlOpenCcmDbContext.AuditChainLockKey})"),
                new NpgsqlBatchCommand(HeadQuery),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : (0, null);
    }

    /// <inheritdoc/>
    protected override async ValueTask InsertAsync(
        DbConnection connection, DbTransaction transaction, CertificateEntity[] certificates, TaskEntity[] tasks, AuditEntryEntity[] auditEntries,
        CancellationToken cancellationToken)
    {
        var model = Context.Model;
        await using var inserts = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction)
        {
            BatchCommands =
            {
                UnnestInsert.For<CertificateEntity>(model).Command(certificates),
                UnnestInsert.For<TaskEntity>(model).Command(tasks),
                UnnestInsert.For<AuditEntryEntity>(model).Command(auditEntries),
            },
        };
        await inserts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
