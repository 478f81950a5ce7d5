using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.Conventions;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IInstanceStore"/>
/// <remarks>Batch reads go in chunks of <see cref="ChunkSize"/> ids or serials, well under every provider's parameter limit.</remarks>
public class EfInstanceStore(OpenCcmDbContext context) : EfStore(context), IInstanceStore
{
    private const string Entity = nameof(AppInstance);
    private const int ChunkSize = 500;

    private DbSet<AppInstanceEntity> Instances => Context.Set<AppInstanceEntity>();

    /// <inheritdoc/>
    public virtual async ValueTask<AppInstance> CreateAsync(AppInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var entity = instance.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<AppInstance?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Instances.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<AppInstance>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new List<AppInstance>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(ChunkSize))
        {
            var rows = await Instances.Where(e => chunk.Contains(e.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
            found.AddRange(rows.Select(AppInstanceMapper.ToModel));
        }

        return found;
    }

    /// <inheritdoc/>
    public virtual ValueTask<Page<AppInstance>> ListAsync(InstanceQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Instances.Where(e => e.AccountId == query.AccountId);
        if (query.AppId is { } appId)
        {
            rows = rows.Where(e => e.AppId == appId);
        }

        if (query.BuildId is { } buildId)
        {
            rows = rows.Where(e => e.BuildId == buildId);
        }

        if (query.NodeId is { } nodeId)
        {
            rows = rows.Where(e => e.NodeId == nodeId);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(e => e.Status == status);
        }

        return PageAsync(rows, q => q.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id), page, AppInstanceMapper.ToModel, cancellationToken);
    }

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<AppInstance>> ListSilentAsync(DateTimeOffset at, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var deadline = StorePrecision.Normalize(at);
        var rows = await Instances.Where(e => e.Status == InstanceStatus.Running && e.UnresponsiveAt < deadline)
            .OrderBy(e => e.UnresponsiveAt).ThenBy(e => e.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(AppInstanceMapper.ToModel)];
    }

    /// <inheritdoc/>
    public virtual async ValueTask<AppInstance> UpdateAsync(AppInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var entity = instance.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    /// <remarks>Inserts go through EF; updates are set-based (<see cref="InstanceRowUpdates"/>), in one transaction.</remarks>
    public virtual async ValueTask WriteAsync(IReadOnlyList<AppInstance> created, IReadOnlyList<AppInstance> updated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(updated);
        var ownTransaction = Context.Database.CurrentTransaction is null ? await Context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            if (created.Count > 0)
            {
                foreach (var instance in created)
                {
                    var entity = instance.ToEntity();
                    entity.Version = 1;
                    Context.Add(entity);
                }

                await SaveAsync(Entity, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(async () =>
            {
                await InstanceRowUpdates.UpdateAsync(Context, [.. updated.Select(AppInstanceMapper.ToEntity)], identity: true, cancellationToken).ConfigureAwait(false);
                return updated.Count;
            }, Entity).ConfigureAwait(false);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public virtual async ValueTask RecordHeartbeatsAsync(IReadOnlyList<AppInstance> instances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        await ExecuteAsync(async () =>
        {
            await InstanceRowUpdates.UpdateAsync(Context, [.. instances.Select(AppInstanceMapper.ToEntity)], identity: false, cancellationToken).ConfigureAwait(false);
            return instances.Count;
        }, Entity).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<InstanceCertificate>> FindCertificatesAsync(IReadOnlyCollection<string> serials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serials);
        var found = new List<InstanceCertificate>(serials.Count);
        foreach (var chunk in serials.Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
        {
            found.AddRange(await Context.Certificates.Where(e => chunk.Contains(e.Serial))
                .Select(e => new InstanceCertificate(e.Id, e.Serial, e.AccountId, e.NodeId, e.AppId, e.BuildId, e.Status))
                .ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        return found;
    }
}
