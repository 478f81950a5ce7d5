using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class AppConfiguration : IEntityTypeConfiguration<AppEntity>
{
    public void Configure(EntityTypeBuilder<AppEntity> builder)
    {
        builder.ToTable("apps");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.AccountId, e.Name }).IsUnique().HasDatabaseName("ux_apps_account_name");
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class BuildConfiguration : IEntityTypeConfiguration<BuildEntity>
{
    public void Configure(EntityTypeBuilder<BuildEntity> builder)
    {
        builder.ToTable("builds");
        builder.HasKey(e => e.Id);
        // Fortanix: MRENCLAVE is unique per account; here every TEE's identity measurement is.
        builder.HasIndex(e => new { e.AccountId, e.TeeKind, e.IdentityMeasurement }).IsUnique().HasDatabaseName("ux_builds_account_measurement");
        builder.HasIndex(e => e.AppId);
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppEntity>().WithMany().HasForeignKey(e => e.AppId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}
