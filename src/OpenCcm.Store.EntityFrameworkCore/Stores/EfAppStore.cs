using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IAppStore"/>
public class EfAppStore(OpenCcmDbContext context) : EfStore(context), IAppStore
{
    private const string Entity = nameof(App);

    /// <inheritdoc/>
    public virtual async ValueTask<App> CreateAsync(App app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var entity = app.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<App?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.Apps.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<App?> FindByNameAsync(Guid accountId, string name, CancellationToken cancellationToken = default) =>
        (await Context.Apps.FirstOrDefaultAsync(e => e.AccountId == accountId && e.Name == name, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual ValueTask<Page<App>> ListAsync(Guid accountId, PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(Context.Apps.Where(e => e.AccountId == accountId), q => q.OrderBy(e => e.Name), page, AppMapper.ToModel, cancellationToken);

    /// <inheritdoc/>
    public virtual async ValueTask<App> UpdateAsync(App app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var entity = app.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(() => Context.Apps.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken), Entity).ConfigureAwait(false) > 0;
}
