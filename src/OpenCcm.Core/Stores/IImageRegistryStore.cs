using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists container registries with stored credentials.</summary>
public interface IImageRegistryStore
{
    /// <summary>Adds a registry; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id, or the host within the account, is taken.</exception>
    /// <exception cref="MissingReferenceException">The account does not exist.</exception>
    ValueTask<ImageRegistry> CreateAsync(ImageRegistry registry, CancellationToken cancellationToken = default);

    /// <summary>The registry, or null.</summary>
    ValueTask<ImageRegistry?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The account's registry for this host (<see cref="ImageRegistry.Host"/>), or null.</summary>
    ValueTask<ImageRegistry?> FindByHostAsync(Guid accountId, string host, CancellationToken cancellationToken = default);

    /// <summary>The registries of an account, by host.</summary>
    ValueTask<Page<ImageRegistry>> ListAsync(Guid accountId, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces the registry if its <see cref="ImageRegistry.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    /// <exception cref="DuplicateException">The new host is taken in the account.</exception>
    ValueTask<ImageRegistry> UpdateAsync(ImageRegistry registry, CancellationToken cancellationToken = default);

    /// <summary>Deletes the registry; false when absent.</summary>
    ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
