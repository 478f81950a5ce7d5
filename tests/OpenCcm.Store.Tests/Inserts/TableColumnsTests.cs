using Microsoft.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using OpenCcm.Store.EntityFrameworkCore.Inserts;

namespace OpenCcm.Store.Tests.Inserts;

/// <summary>The issuance inserts write every mapped column, in the model's names and order, and refuse database-generated ones.</summary>
public sealed class TableColumnsTests
{
    [Fact]
    public void TheStatements_NameEveryMappedColumn_OfTheTable()
    {
        using var context = new PlainContext();
        var columns = TableColumns.For<CertificateEntity>(context.Model);

        Assert.Equal("\"certificates\"", columns.QuotedTable);
        Assert.Equal(context.Model.FindEntityType(typeof(CertificateEntity))!.GetProperties().Count(), columns.Columns.Count);
        Assert.Contains("\"certificate_pem\"", columns.QuotedColumnList, StringComparison.Ordinal);
        Assert.StartsWith("INSERT INTO \"certificates\" (", PreparedRowInsert.For<CertificateEntity>(context.Model).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void AColumnTheDatabaseGenerates_IsRefused_InsteadOfOverwritten()
    {
        using var context = new DatabaseDefaultContext();

        var error = Assert.Throws<InvalidOperationException>(() => TableColumns.For<CertificateEntity>(context.Model));

        Assert.Contains("CreatedAt", error.Message, StringComparison.Ordinal);
    }

    // The certificates table alone, snake_case as the store maps it (EF caches a model per context type, hence two).
    private class PlainContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlite("Data Source=:memory:");

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            var certificate = modelBuilder.Entity<CertificateEntity>().ToTable("certificates");
            foreach (var property in certificate.Metadata.GetProperties())
            {
                property.SetColumnName(string.Concat(property.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())));
            }
        }
    }

    // The same with a database default on created_at.
    private sealed class DatabaseDefaultContext : PlainContext
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<CertificateEntity>().Property(e => e.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        }
    }
}
