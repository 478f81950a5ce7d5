using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class UserConfiguration : IEntityTypeConfiguration<UserEntity>
{
    public void Configure(EntityTypeBuilder<UserEntity> builder)
    {
        builder.ToTable("users");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.NormalizedEmail).IsUnique().HasDatabaseName("ux_users_normalized_email");
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}
