using System.Data.Common;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using OpenCcm.Store.EntityFrameworkCore.Inserts;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="EfIssuanceStore"/>
/// <remarks>
/// The transaction began with BEGIN IMMEDIATE (SqliteImmediateTransactions), which already holds the database's
/// write lock; each table's rows go through one <see cref="PreparedRowInsert"/>.
/// </remarks>
public sealed class SqliteIssuanceStore(SqliteOpenCcmDbContext context) : EfIssuanceStore(context)
{
    /// <inheritdoc/>
    protected override async ValueTask<(long Sequence, byte[]? Hash)> LockAndReadHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = HeadQuery;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : (0, null);
    }

    /// <inheritdoc/>
    protected override async ValueTask InsertAsync(
        DbConnection connection, DbTransaction transaction, CertificateEntity[] certificates, TaskEntity[] tasks, AuditEntryEntity[] auditEntries,
        CancellationToken cancellationToken)
    {
        var model = Context.Model;
        await PreparedRowInsert.For<CertificateEntity>(model).ExecuteAsync(connection, transaction, certificates, cancellationToken).ConfigureAwait(false);
        await PreparedRowInsert.For<TaskEntity>(model).ExecuteAsync(connection, transaction, tasks, cancellationToken).ConfigureAwait(false);
        await PreparedRowInsert.For<AuditEntryEntity>(model).ExecuteAsync(connection, transaction, auditEntries, cancellationToken).ConfigureAwait(false);
    }
}
