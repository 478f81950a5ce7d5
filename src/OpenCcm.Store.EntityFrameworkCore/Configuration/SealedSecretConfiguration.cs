using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Configuration;

internal sealed class SealedSecretConfiguration : IEntityTypeConfiguration<SealedSecretEntity>
{
    public void Configure(EntityTypeBuilder<SealedSecretEntity> builder)
    {
        builder.ToTable("sealed_secrets");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.Purpose);
    }
}
