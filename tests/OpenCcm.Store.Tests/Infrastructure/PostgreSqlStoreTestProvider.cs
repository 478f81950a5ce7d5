using OpenCcm.Store.EntityFrameworkCore;

namespace OpenCcm.Store.Tests.Infrastructure;

/// <summary>PostgreSQL databases on a real server (<see cref="PostgresCluster"/>), one per test class or tamper test.</summary>
public sealed class PostgreSqlStoreTestProvider : StoreTestProvider
{
    private PostgresCluster? _cluster;

    public override StoreProvider Provider => StoreProvider.Postgres;

    public override async Task InitializeAsync() => _cluster = await PostgresCluster.StartOrConnectAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    protected override async Task<(StoreOptions Options, Func<Task> Drop)> CreateEmptyDatabaseAsync(string name)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("The PostgreSQL cluster is not running.");
        var connectionString = await cluster.CreateDatabaseAsync(name);
        return (new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = connectionString }, () => cluster.DropDatabaseAsync(name));
    }
}
