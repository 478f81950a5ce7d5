using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IBuildStore"/>
public class EfBuildStore(OpenCcmDbContext context) : EfStore(context), IBuildStore
{
    private const string Entity = nameof(Build);

    /// <inheritdoc/>
    public virtual async ValueTask<Build> CreateAsync(Build build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        var entity = build.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<Build?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.Builds.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<Build?> FindByMeasurementAsync(Guid accountId, TeeKind teeKind, string measurement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var normalized = measurement.Trim().ToLowerInvariant();
        return (await Context.Builds
            .FirstOrDefaultAsync(e => e.AccountId == accountId && e.TeeKind == teeKind && e.IdentityMeasurement == normalized, cancellationToken)
            .ConfigureAwait(false))?.ToModel();
    }

    /// <inheritdoc/>
    public virtual ValueTask<Page<Build>> ListAsync(BuildQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Context.Builds.Where(e => e.AccountId == query.AccountId);
        if (query.AppId is { } appId)
        {
            rows = rows.Where(e => e.AppId == appId);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(e => e.Status == status);
        }

        return PageAsync(rows, q => q.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id), page, BuildMapper.ToModel, cancellationToken);
    }

    /// <inheritdoc/>
    public virtual async ValueTask<Build> UpdateAsync(Build build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        var entity = build.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(() => Context.Builds.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken), Entity).ConfigureAwait(false) > 0;
}
