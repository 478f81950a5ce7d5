using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists app instances, written in batches by heartbeat ingestion (many heartbeats, one commit).</summary>
public interface IInstanceStore
{
    /// <summary>Adds an instance; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id is taken.</exception>
    /// <exception cref="MissingReferenceException">The account, app, build, node or certificate does not exist.</exception>
    ValueTask<AppInstance> CreateAsync(AppInstance instance, CancellationToken cancellationToken = default);

    /// <summary>The instance, or null.</summary>
    ValueTask<AppInstance?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The instances among <paramref name="ids"/> that exist (any order).</summary>
    ValueTask<IReadOnlyList<AppInstance>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default);

    /// <summary>Instances matching <paramref name="query"/>, newest first.</summary>
    ValueTask<Page<AppInstance>> ListAsync(InstanceQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> RUNNING instances of every account whose <see cref="AppInstance.UnresponsiveAt"/> is before <paramref name="at"/>, earliest first.</summary>
    ValueTask<IReadOnlyList<AppInstance>> ListSilentAsync(DateTimeOffset at, int limit, CancellationToken cancellationToken = default);

    /// <summary>Replaces the instance if its <see cref="AppInstance.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    ValueTask<AppInstance> UpdateAsync(AppInstance instance, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="created"/> (version 1) and replaces <paramref name="updated"/> (each at its current version)
    /// in one statement batch: all or nothing.
    /// </summary>
    /// <exception cref="DuplicateException">A created id is taken.</exception>
    /// <exception cref="ConcurrencyException">An updated instance changed since it was read.</exception>
    /// <exception cref="MissingReferenceException">A reference does not exist.</exception>
    ValueTask WriteAsync(IReadOnlyList<AppInstance> created, IReadOnlyList<AppInstance> updated, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records heartbeats that changed neither status, certificate nor build: replaces only message count, last sequence,
    /// interval, exit code, the times and the signature of each instance, at its current version (the fast path of ingestion).
    /// </summary>
    /// <exception cref="ConcurrencyException">An instance changed since it was read; nothing is written.</exception>
    ValueTask RecordHeartbeatsAsync(IReadOnlyList<AppInstance> instances, CancellationToken cancellationToken = default);

    /// <summary>The certificates with these serials (lowercase hex), as heartbeats name them; absent ones are left out.</summary>
    ValueTask<IReadOnlyList<InstanceCertificate>> FindCertificatesAsync(IReadOnlyCollection<string> serials, CancellationToken cancellationToken = default);
}
