using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OpenCcm.Store.EntityFrameworkCore.DbContexts;

/// <summary>Lets <c>dotnet ef migrations add --context SqliteOpenCcmDbContext</c> build the model without a host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOpenCcmDbContext>
{
    /// <inheritdoc/>
    public SqliteOpenCcmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOpenCcmDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgreSqlOpenCcmDbContext</c> build the model without a server.</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlOpenCcmDbContext>
{
    /// <inheritdoc/>
    public PostgreSqlOpenCcmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlOpenCcmDbContext>().UseNpgsql("Host=localhost;Database=openccm").Options);
}
