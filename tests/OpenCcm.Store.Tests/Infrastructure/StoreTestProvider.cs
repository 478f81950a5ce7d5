using System.Collections.Concurrent;
using OpenCcm.Store.EntityFrameworkCore;

namespace OpenCcm.Store.Tests.Infrastructure;

/// <summary>
/// Makes test databases for one provider (an xunit collection fixture): one shared database per test class, and
/// fresh ones for tests that damage theirs (tampering). Everything is dropped when the collection ends.
/// </summary>
public abstract class StoreTestProvider : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TestDatabase>>> _shared = new();
    private readonly ConcurrentBag<TestDatabase> _created = [];

    public abstract StoreProvider Provider { get; }

    /// <summary>The database of a test class, created and migrated on first use.</summary>
    public Task<TestDatabase> SharedDatabaseAsync(string testClass) =>
        _shared.GetOrAdd(testClass, name => new Lazy<Task<TestDatabase>>(() => CreateDatabaseAsync(name))).Value;

    /// <summary>A new, empty, migrated database.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        var name = $"ccm_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray())}_{Guid.NewGuid():N}"[..48];
        var (options, drop) = await CreateEmptyDatabaseAsync(name);
        var database = await TestDatabase.CreateAsync(options, drop);
        _created.Add(database);
        return database;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var database in _created)
        {
            await database.DisposeAsync();
        }
    }

    protected abstract Task<(StoreOptions Options, Func<Task> Drop)> CreateEmptyDatabaseAsync(string name);
}
