using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class ImageRegistryConfiguration : IEntityTypeConfiguration<ImageRegistryEntity>
{
    public void Configure(EntityTypeBuilder<ImageRegistryEntity> builder)
    {
        builder.ToTable("image_registries");
        builder.HasKey(e => e.Id);
        // Credentials are looked up by the host of an image reference: one registry per host and account.
        builder.HasIndex(e => new { e.AccountId, e.Host }).IsUnique().HasDatabaseName("ux_image_registries_account_host");
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}
