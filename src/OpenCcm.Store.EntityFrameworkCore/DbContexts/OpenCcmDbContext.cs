using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Conventions;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.DbContexts;

/// <summary>
/// The manager's database. One model for every provider; each provider has a derived context that owns its
/// migrations (<see cref="SqliteOpenCcmDbContext"/>, <see cref="PostgreSqlOpenCcmDbContext"/>), EF Core's
/// "multiple context types" approach to migrations for several providers.
/// </summary>
public abstract class OpenCcmDbContext : DbContext
{
    /// <summary>Creates the context.</summary>
    protected OpenCcmDbContext(DbContextOptions options) : base(options)
    {
    }

    // Set when a write that can change a decision happened inside the current transaction (StoreChanges).
    private bool _decisionDataChangedInTransaction;

    /// <summary>Signals <see cref="Core.Stores.StoreChanges"/> now, and again when the current transaction commits.</summary>
    internal void DecisionDataChanged()
    {
        Core.Stores.StoreChanges.Bump();
        _decisionDataChangedInTransaction |= Database.CurrentTransaction is not null;
    }

    /// <summary>Called when the scope's transaction ends (committed or not): readers may have cached the old rows meanwhile.</summary>
    internal void TransactionEnded()
    {
        if (_decisionDataChangedInTransaction)
        {
            _decisionDataChangedInTransaction = false;
            Core.Stores.StoreChanges.Bump();
        }
    }

    public DbSet<AccountEntity> Accounts => Set<AccountEntity>();
    public DbSet<AccountMemberEntity> AccountMembers => Set<AccountMemberEntity>();
    public DbSet<UserEntity> Users => Set<UserEntity>();
    public DbSet<ZoneEntity> Zones => Set<ZoneEntity>();
    public DbSet<JoinTokenEntity> JoinTokens => Set<JoinTokenEntity>();
    public DbSet<NodeEntity> Nodes => Set<NodeEntity>();
    public DbSet<AppEntity> Apps => Set<AppEntity>();
    public DbSet<BuildEntity> Builds => Set<BuildEntity>();
    public DbSet<TaskEntity> Tasks => Set<TaskEntity>();
    public DbSet<CertificateEntity> Certificates => Set<CertificateEntity>();
    public DbSet<ApiTokenEntity> ApiTokens => Set<ApiTokenEntity>();
    public DbSet<SealedSecretEntity> SealedSecrets => Set<SealedSecretEntity>();
    public DbSet<ImageRegistryEntity> ImageRegistries => Set<ImageRegistryEntity>();
    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();

    /// <summary>Serialises audit appends across connections, processes and managers (a no-op where the transaction already holds the database's write lock).</summary>
    internal abstract Task LockAuditChainAsync(CancellationToken cancellationToken);

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OpenCcmDbContext).Assembly);
        SnakeCaseNames.Apply(modelBuilder);
    }

    /// <inheritdoc/>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        Wire<AccountStatus>(configurationBuilder);
        Wire<AccountRole>(configurationBuilder);
        Wire<UserStatus>(configurationBuilder);
        Wire<TeeKind>(configurationBuilder);
        Wire<NodeStatus>(configurationBuilder);
        Wire<BuildStatus>(configurationBuilder);
        Wire<TaskType>(configurationBuilder);
        Wire<ApprovalTaskStatus>(configurationBuilder);
        Wire<CertificateStatus>(configurationBuilder);
        Wire<ApiTokenKind>(configurationBuilder);
        Wire<AuditOutcome>(configurationBuilder);
        Wire<InstanceStatus>(configurationBuilder);
    }

    private static void Wire<TEnum>(ModelConfigurationBuilder builder)
        where TEnum : struct, Enum =>
        builder.Properties<TEnum>().HaveConversion<WireNameConverter<TEnum>>();
}
