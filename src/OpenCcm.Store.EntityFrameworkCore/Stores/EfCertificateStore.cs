using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.Conventions;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="ICertificateStore"/>
public class EfCertificateStore(OpenCcmDbContext context) : EfStore(context), ICertificateStore
{
    private const string Entity = nameof(Certificate);

    /// <inheritdoc/>
    public virtual async ValueTask<Certificate> CreateAsync(Certificate certificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var entity = certificate.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask CreateRangeAsync(IReadOnlyList<Certificate> certificates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        Context.AddRange(certificates.Select(certificate =>
        {
            var entity = certificate.ToEntity();
            entity.Version = 1;
            return entity;
        }));
        await SaveAsync(Entity, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public virtual async ValueTask<Certificate?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.Certificates.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<Certificate?> FindBySerialAsync(string serial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serial);
        var normalized = serial.ToLowerInvariant();
        return (await Context.Certificates.FirstOrDefaultAsync(e => e.Serial == normalized, cancellationToken).ConfigureAwait(false))?.ToModel();
    }

    /// <inheritdoc/>
    public virtual ValueTask<Page<Certificate>> ListAsync(CertificateQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Context.Certificates.Where(e => e.AccountId == query.AccountId);
        if (query.ZoneId is { } zoneId)
        {
            rows = rows.Where(e => e.ZoneId == zoneId);
        }

        if (query.NodeId is { } nodeId)
        {
            rows = rows.Where(e => e.NodeId == nodeId);
        }

        if (query.AppId is { } appId)
        {
            rows = rows.Where(e => e.AppId == appId);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(e => e.Status == status);
        }

        return PageAsync(rows, q => q.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id), page, CertificateMapper.ToModel, cancellationToken);
    }

    /// <inheritdoc/>
    public virtual async ValueTask<Certificate> UpdateAsync(Certificate certificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var entity = certificate.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<int> RevokeForNodeAsync(Guid nodeId, DateTimeOffset at, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var when = StorePrecision.Normalize(at);
        DateTimeOffset? revokedAt = when;
        return await ExecuteAsync(
            () => Context.Certificates.Where(e => e.NodeId == nodeId && e.Status == CertificateStatus.Issued)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(e => e.Status, CertificateStatus.Revoked)
                        .SetProperty(e => e.RevokedAt, revokedAt)
                        .SetProperty(e => e.Reason, reason)
                        .SetProperty(e => e.UpdatedAt, when)
                        .SetProperty(e => e.Version, e => e.Version + 1),
                    cancellationToken),
            Entity).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<Certificate>> ListRevokedAsync(Guid zoneId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? now = StorePrecision.Normalize(at);
        return (await Context.Certificates
            .Where(e => e.ZoneId == zoneId && e.Status == CertificateStatus.Revoked && (e.NotAfter == null || e.NotAfter > now))
            .OrderBy(e => e.RevokedAt).ThenBy(e => e.Serial)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(CertificateMapper.ToModel).ToArray();
    }
}
