using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IZoneStore"/>
public class EfZoneStore(OpenCcmDbContext context) : EfStore(context), IZoneStore
{
    private const string Entity = nameof(Zone);

    /// <inheritdoc/>
    public virtual async ValueTask<Zone> CreateAsync(Zone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var entity = zone.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<Zone?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.Zones.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<Zone>> ListAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        (await Context.Zones.Where(e => e.AccountId == accountId).OrderBy(e => e.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(ZoneMapper.ToModel).ToArray();

    /// <inheritdoc/>
    public virtual async ValueTask<Zone> UpdateAsync(Zone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var entity = zone.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(() => Context.Zones.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken), Entity).ConfigureAwait(false) > 0;
}
