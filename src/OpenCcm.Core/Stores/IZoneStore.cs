using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists zones (their CA certificates, key references and policy).</summary>
public interface IZoneStore
{
    /// <summary>Adds a zone; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id, or the name within the account, is taken.</exception>
    /// <exception cref="MissingReferenceException">The account does not exist.</exception>
    ValueTask<Zone> CreateAsync(Zone zone, CancellationToken cancellationToken = default);

    /// <summary>The zone, or null.</summary>
    ValueTask<Zone?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The zones of an account, by name.</summary>
    ValueTask<IReadOnlyList<Zone>> ListAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the zone if its <see cref="Zone.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    /// <exception cref="DuplicateException">The new name is taken in the account.</exception>
    ValueTask<Zone> UpdateAsync(Zone zone, CancellationToken cancellationToken = default);

    /// <summary>Deletes the zone with its join tokens; false when absent.</summary>
    /// <exception cref="MissingReferenceException">Nodes or certificates still belong to it.</exception>
    ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
