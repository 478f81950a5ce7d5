using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<AccountEntity>
{
    public void Configure(EntityTypeBuilder<AccountEntity> builder)
    {
        builder.ToTable("accounts");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.Name).IsUnique().HasDatabaseName("ux_accounts_name");
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class AccountMemberConfiguration : IEntityTypeConfiguration<AccountMemberEntity>
{
    public void Configure(EntityTypeBuilder<AccountMemberEntity> builder)
    {
        builder.ToTable("account_members");
        builder.HasKey(e => new { e.AccountId, e.UserId });
        builder.HasIndex(e => e.UserId);
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserEntity>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
