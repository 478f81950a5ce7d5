using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists apps.</summary>
public interface IAppStore
{
    /// <summary>Adds an app; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id, or the name within the account, is taken.</exception>
    /// <exception cref="MissingReferenceException">The account does not exist.</exception>
    ValueTask<App> CreateAsync(App app, CancellationToken cancellationToken = default);

    /// <summary>The app, or null.</summary>
    ValueTask<App?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The app with this exact name in the account, or null.</summary>
    ValueTask<App?> FindByNameAsync(Guid accountId, string name, CancellationToken cancellationToken = default);

    /// <summary>The apps of an account, by name.</summary>
    ValueTask<Page<App>> ListAsync(Guid accountId, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces the app if its <see cref="App.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    /// <exception cref="DuplicateException">The new name is taken in the account.</exception>
    ValueTask<App> UpdateAsync(App app, CancellationToken cancellationToken = default);

    /// <summary>Deletes the app and its builds; false when absent.</summary>
    ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
