using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists builds. A build's identity measurement (<see cref="BuildMeasurements.IdentityOf"/>) is unique per account and TEE kind.</summary>
public interface IBuildStore
{
    /// <summary>Adds a build; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id is taken, or the account already has a build with this identity measurement (MRENCLAVE for SGX).</exception>
    /// <exception cref="MissingReferenceException">The account or app does not exist.</exception>
    /// <exception cref="ArgumentException">The build lacks its identity measurement.</exception>
    ValueTask<Build> CreateAsync(Build build, CancellationToken cancellationToken = default);

    /// <summary>The build, or null.</summary>
    ValueTask<Build?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The account's build of <paramref name="teeKind"/> whose identity measurement is <paramref name="measurement"/> (hex, any case), or null.</summary>
    ValueTask<Build?> FindByMeasurementAsync(Guid accountId, TeeKind teeKind, string measurement, CancellationToken cancellationToken = default);

    /// <summary>Builds matching <paramref name="query"/>, oldest first.</summary>
    ValueTask<Page<Build>> ListAsync(BuildQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces the build if its <see cref="Build.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    /// <exception cref="DuplicateException">The new identity measurement is taken in the account.</exception>
    ValueTask<Build> UpdateAsync(Build build, CancellationToken cancellationToken = default);

    /// <summary>Deletes the build; false when absent.</summary>
    ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
