using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.DependencyInjection;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests;

/// <summary>Options, registration and startup migration, independent of a provider's conformance.</summary>
public sealed class StoreSetupTests
{
    [Theory]
    [InlineData("sqlite", StoreProvider.Sqlite)]
    [InlineData(" SQLite ", StoreProvider.Sqlite)]
    [InlineData("postgres", StoreProvider.Postgres)]
    [InlineData("PostgreSQL", StoreProvider.Postgres)]
    public void ParseProvider_AcceptsTheDocumentedNames(string name, StoreProvider expected) =>
        Assert.Equal(expected, StoreOptions.ParseProvider(name));

    [Fact]
    public void ParseProvider_RefusesOthers() => Assert.Throws<FormatException>(() => StoreOptions.ParseProvider("mysql"));

    [Fact]
    public void AddOpenCcmStore_RefusesUnusableOptions()
    {
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddOpenCcmStore(_ => { }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddOpenCcmStore(o =>
        {
            o.ConnectionString = "Data Source=x.db";
            o.SqliteBusyTimeout = TimeSpan.Zero;
        }));
    }

    [Fact]
    public async Task Migrate_CreatesTheDirectoryAndIsIdempotent()
    {
        var root = Directory.CreateTempSubdirectory("openccm-setup-").FullName;
        try
        {
            var path = Path.Combine(root, "nested", "data", "ccm.db");
            await using (var services = new ServiceCollection().AddOpenCcmStore(o => o.ConnectionString = StoreOptions.ForSqliteFile(path).ConnectionString).BuildServiceProvider())
            {
                await services.MigrateOpenCcmStoreAsync();
                await services.MigrateOpenCcmStoreAsync();
                await using var scope = services.CreateAsyncScope();
                var account = await scope.ServiceProvider.GetRequiredService<IAccountStore>().CreateAsync(Make.Account());
                Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IAccountStore>().GetAsync(account.Id));
            }

            Assert.True(File.Exists(path));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
