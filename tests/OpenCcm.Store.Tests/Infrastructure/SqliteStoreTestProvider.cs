using Microsoft.Data.Sqlite;
using OpenCcm.Store.EntityFrameworkCore;

namespace OpenCcm.Store.Tests.Infrastructure;

/// <summary>SQLite databases as files in a temp directory (WAL needs a real file, not :memory:).</summary>
public sealed class SqliteStoreTestProvider : StoreTestProvider
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openccm-sqlite-").FullName;

    public override StoreProvider Provider => StoreProvider.Sqlite;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<(StoreOptions Options, Func<Task> Drop)> CreateEmptyDatabaseAsync(string name)
    {
        var path = Path.Combine(_directory, name + ".db");
        Func<Task> drop = () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(_directory, name + ".db*"))
            {
                File.Delete(file);
            }

            return Task.CompletedTask;
        };
        return Task.FromResult((StoreOptions.ForSqliteFile(path), drop));
    }
}
