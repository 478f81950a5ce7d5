using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Store.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

namespace OpenCcm.Store.Tests.Infrastructure;

/// <summary>One migrated database with the stores registered as the manager registers them.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<Task> _drop;
    private bool _disposed;

    private TestDatabase(StoreOptions options, ServiceProvider services, Func<Task> drop)
    {
        Options = options;
        Services = services;
        _drop = drop;
    }

    public StoreOptions Options { get; }

    public ServiceProvider Services { get; }

    public StoreProvider Provider => Options.Provider;

    public static async Task<TestDatabase> CreateAsync(StoreOptions options, Func<Task> drop)
    {
        var services = new ServiceCollection()
            .AddOpenCcmStore(o =>
            {
                o.Provider = options.Provider;
                o.ConnectionString = options.ConnectionString;
                o.SqliteBusyTimeout = options.SqliteBusyTimeout;
            })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await services.MigrateOpenCcmStoreAsync();
        return new TestDatabase(options, services, drop);
    }

    /// <summary>A DI scope: one context, shared by the stores resolved from it (like one request).</summary>
    public Scope NewScope() => new(Services.CreateAsyncScope());

    /// <summary>Runs raw SQL (tampering, inspection) outside the stores.</summary>
    public async Task<int> ExecuteSqlAsync(FormattableString sql)
    {
        await using var scope = NewScope();
        return await scope.Get<OpenCcmDbContext>().Database.ExecuteSqlInterpolatedAsync(sql);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Services.DisposeAsync();
        await _drop();
    }

    public sealed class Scope(AsyncServiceScope scope) : IAsyncDisposable
    {
        public T Get<T>()
            where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
