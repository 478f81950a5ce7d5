using Microsoft.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.PostgreSql;

[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlSchemaTests
{
    [Fact]
    public void Migrations_ExistForThePostgreSqlContext()
    {
        var context = new PostgreSqlDesignTimeFactory().CreateDbContext([]);

        Assert.Contains(context.Database.GetMigrations(), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.False(context.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration: run dotnet ef migrations add.");
    }
}
