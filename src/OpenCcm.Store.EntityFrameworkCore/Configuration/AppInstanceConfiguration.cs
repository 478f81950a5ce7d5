using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class AppInstanceConfiguration : IEntityTypeConfiguration<AppInstanceEntity>
{
    public void Configure(EntityTypeBuilder<AppInstanceEntity> builder)
    {
        builder.ToTable("app_instances");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.AccountId, e.CreatedAt });
        // The sweep's query (RUNNING instances past their deadline) reads the RUNNING rows: the deadline moves with every
        // heartbeat, and an index on it would be rewritten thousands of times a second to save a scan every few seconds.
        builder.HasIndex(e => e.Status);
        builder.HasIndex(e => e.AppId);
        builder.HasIndex(e => e.BuildId);
        builder.HasIndex(e => e.NodeId);
        builder.HasIndex(e => e.CertificateId);
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppEntity>().WithMany().HasForeignKey(e => e.AppId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BuildEntity>().WithMany().HasForeignKey(e => e.BuildId).OnDelete(DeleteBehavior.SetNull);
        // NO ACTION (checked at the end of the statement) lets an account's cascade remove nodes, certificates and instances together.
        builder.HasOne<NodeEntity>().WithMany().HasForeignKey(e => e.NodeId).OnDelete(DeleteBehavior.NoAction);
        builder.HasOne<CertificateEntity>().WithMany().HasForeignKey(e => e.CertificateId).OnDelete(DeleteBehavior.NoAction);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}
