using Microsoft.EntityFrameworkCore;

namespace OpenCcm.Store.EntityFrameworkCore.DbContexts;

/// <summary>The PostgreSQL flavour: instants as timestamptz; migrations in Migrations/PostgreSql.</summary>
public sealed class PostgreSqlOpenCcmDbContext(DbContextOptions<PostgreSqlOpenCcmDbContext> options) : OpenCcmDbContext(options)
{
    /// <summary>Key of the transaction-scoped advisory lock that serialises audit appends ("OCCMAUDT").</summary>
    internal const long AuditChainLockKey = 0x4F43434D41554454;

    // Held until the surrounding transaction ends, so the head read after it is the committed head, even with
    // several managers on one database.
    internal override Task LockAuditChainAsync(CancellationToken cancellationToken) =>
        Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditChainLockKey})", cancellationToken);
}
