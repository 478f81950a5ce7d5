using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<CertificateEntity>
{
    public void Configure(EntityTypeBuilder<CertificateEntity> builder)
    {
        builder.ToTable("certificates");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.Serial).IsUnique().HasDatabaseName("ux_certificates_serial");
        builder.HasIndex(e => new { e.AccountId, e.CreatedAt });
        builder.HasIndex(e => new { e.ZoneId, e.Status });
        builder.HasIndex(e => e.NodeId);
        builder.HasIndex(e => e.AppId);
        builder.HasIndex(e => e.BuildId);
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ZoneEntity>().WithMany().HasForeignKey(e => e.ZoneId).OnDelete(DeleteBehavior.NoAction);
        builder.HasOne<NodeEntity>().WithMany().HasForeignKey(e => e.NodeId).OnDelete(DeleteBehavior.NoAction);
        // Certificates outlive a deleted app or build (they stay on the CRL until they expire).
        builder.HasOne<AppEntity>().WithMany().HasForeignKey(e => e.AppId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<BuildEntity>().WithMany().HasForeignKey(e => e.BuildId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}
