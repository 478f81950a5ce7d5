using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class ZoneConfiguration : IEntityTypeConfiguration<ZoneEntity>
{
    public void Configure(EntityTypeBuilder<ZoneEntity> builder)
    {
        builder.ToTable("zones");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.AccountId, e.Name }).IsUnique().HasDatabaseName("ux_zones_account_name");
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class JoinTokenConfiguration : IEntityTypeConfiguration<JoinTokenEntity>
{
    public void Configure(EntityTypeBuilder<JoinTokenEntity> builder)
    {
        builder.ToTable("join_tokens");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.TokenHash).IsUnique().HasDatabaseName("ux_join_tokens_token_hash");
        builder.HasIndex(e => e.ZoneId);
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ZoneEntity>().WithMany().HasForeignKey(e => e.ZoneId).OnDelete(DeleteBehavior.Cascade);
    }
}
