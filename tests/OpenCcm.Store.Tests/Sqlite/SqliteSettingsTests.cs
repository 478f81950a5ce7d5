using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Sqlite;

/// <summary>The SQLite settings that make acknowledged writes durable and concurrent writers queue.</summary>
[Collection(SqliteTests.Name)]
public sealed class SqliteSettingsTests(SqliteStoreTestProvider provider)
{
    [Theory]
    [InlineData("journal_mode", "wal")]
    [InlineData("synchronous", "2")] // FULL
    [InlineData("busy_timeout", "30000")]
    [InlineData("foreign_keys", "1")]
    public async Task EveryConnection_HasTheDurableSettings(string pragma, string expected)
    {
        var database = await provider.SharedDatabaseAsync(nameof(SqliteSettingsTests));
        await using var scope = database.NewScope();
        var context = scope.Get<OpenCcmDbContext>();

        // The pragma names come from the test data above, not from input.
        var sql = string.Concat("SELECT CAST((SELECT * FROM pragma_", pragma, ") AS TEXT) AS \"Value\"");
        var value = await context.Database.SqlQueryRaw<string>(sql).SingleAsync();

        Assert.Equal(expected, value);
    }

    [Fact]
    public async Task StoreTransactions_TakeTheWriteLockAtOnce()
    {
        // The audit store relies on this: BEGIN IMMEDIATE, so the head it reads cannot move before it inserts.
        await using var database = await provider.CreateDatabaseAsync(nameof(StoreTransactions_TakeTheWriteLockAtOnce));
        await using var scope = database.NewScope();
        await using var transaction = await scope.Get<IStoreTransactions>().BeginAsync();
        await using var other = new SqliteConnection(database.Options.ConnectionString);
        await other.OpenAsync();
        await using var command = other.CreateCommand();
        command.CommandText = "UPDATE audit_entries SET actor = actor WHERE sequence = -1;";
        command.CommandTimeout = 1;

        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
    }

    [Fact]
    public void Migrations_ExistForTheSqliteContext()
    {
        var context = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.Contains(context.Database.GetMigrations(), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.False(context.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: run dotnet ef migrations add.");
    }
}
