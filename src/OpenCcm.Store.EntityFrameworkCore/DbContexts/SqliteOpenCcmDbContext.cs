using Microsoft.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.Conventions;

namespace OpenCcm.Store.EntityFrameworkCore.DbContexts;

/// <summary>The SQLite flavour: instants as INTEGER microseconds; migrations in Migrations/Sqlite.</summary>
public sealed class SqliteOpenCcmDbContext(DbContextOptions<SqliteOpenCcmDbContext> options) : OpenCcmDbContext(options)
{
    // Transactions here begin with BEGIN IMMEDIATE (SqliteImmediateTransactions), which takes the database's single
    // write lock up front: the append that follows is already serialised.
    internal override Task LockAuditChainAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMicrosecondsConverter>();
    }
}
