using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiTokenEntity>
{
    public void Configure(EntityTypeBuilder<ApiTokenEntity> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.TokenHash).IsUnique().HasDatabaseName("ux_api_tokens_token_hash");
        builder.HasIndex(e => e.UserId);
        builder.HasOne<UserEntity>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AccountEntity>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.SetNull);
    }
}
