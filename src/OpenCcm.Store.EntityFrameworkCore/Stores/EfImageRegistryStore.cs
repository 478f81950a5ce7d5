using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IImageRegistryStore"/>
public class EfImageRegistryStore(OpenCcmDbContext context) : EfStore(context), IImageRegistryStore
{
    private const string Entity = nameof(ImageRegistry);

    /// <inheritdoc/>
    public virtual async ValueTask<ImageRegistry> CreateAsync(ImageRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var entity = registry.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<ImageRegistry?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.ImageRegistries.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<ImageRegistry?> FindByHostAsync(Guid accountId, string host, CancellationToken cancellationToken = default) =>
        (await Context.ImageRegistries.FirstOrDefaultAsync(e => e.AccountId == accountId && e.Host == host, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual ValueTask<Page<ImageRegistry>> ListAsync(Guid accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(Context.ImageRegistries.Where(e => e.AccountId == accountId), q => q.OrderBy(e => e.Host).ThenBy(e => e.Id), page, ImageRegistryMapper.ToModel, cancellationToken);

    /// <inheritdoc/>
    public virtual async ValueTask<ImageRegistry> UpdateAsync(ImageRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var entity = registry.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(() => Context.ImageRegistries.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken), Entity).ConfigureAwait(false) > 0;
}
