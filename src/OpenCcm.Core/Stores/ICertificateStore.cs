using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists certificate requests and issued certificates; feeds the zone CRLs.</summary>
public interface ICertificateStore
{
    /// <summary>Adds a certificate (or refused request); the stored copy (version 1) is returned. The serial is kept lowercase.</summary>
    /// <exception cref="DuplicateException">The id or the serial is taken.</exception>
    /// <exception cref="MissingReferenceException">The account, zone, node, app or build does not exist.</exception>
    ValueTask<Certificate> CreateAsync(Certificate certificate, CancellationToken cancellationToken = default);

    /// <summary>Adds several certificates in one write (all or none), as <see cref="CreateAsync"/> does each.</summary>
    /// <exception cref="DuplicateException">An id or a serial is taken.</exception>
    /// <exception cref="MissingReferenceException">An account, zone, node, app or build does not exist.</exception>
    ValueTask CreateRangeAsync(IReadOnlyList<Certificate> certificates, CancellationToken cancellationToken = default);

    /// <summary>The certificate, or null.</summary>
    ValueTask<Certificate?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The certificate with this serial (hex, any case), or null.</summary>
    ValueTask<Certificate?> FindBySerialAsync(string serial, CancellationToken cancellationToken = default);

    /// <summary>Certificates matching <paramref name="query"/>, newest first.</summary>
    ValueTask<Page<Certificate>> ListAsync(CertificateQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces the certificate if its <see cref="Certificate.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    ValueTask<Certificate> UpdateAsync(Certificate certificate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes every ISSUED certificate of a node (its own and its workloads') in one statement, bumping their
    /// versions; returns how many were revoked.
    /// </summary>
    ValueTask<int> RevokeForNodeAsync(Guid nodeId, DateTimeOffset at, string reason, CancellationToken cancellationToken = default);

    /// <summary>The zone's REVOKED certificates that are not yet expired at <paramref name="at"/> (the CRL entries), in revocation order.</summary>
    ValueTask<IReadOnlyList<Certificate>> ListRevokedAsync(Guid zoneId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
