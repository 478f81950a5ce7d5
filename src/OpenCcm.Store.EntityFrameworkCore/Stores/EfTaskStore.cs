using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="ITaskStore"/>
public class EfTaskStore(OpenCcmDbContext context) : EfStore(context), ITaskStore
{
    private const string Entity = nameof(ApprovalTask);

    /// <inheritdoc/>
    public virtual async ValueTask<ApprovalTask> CreateAsync(ApprovalTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var entity = task.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask CreateRangeAsync(IReadOnlyList<ApprovalTask> tasks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        Context.AddRange(tasks.Select(task =>
        {
            var entity = task.ToEntity();
            entity.Version = 1;
            return entity;
        }));
        await SaveAsync(Entity, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public virtual async ValueTask<ApprovalTask?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.Tasks.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual ValueTask<Page<ApprovalTask>> ListAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Context.Tasks.Where(e => e.AccountId == query.AccountId);
        if (query.Status is { } status)
        {
            rows = rows.Where(e => e.Status == status);
        }

        if (query.TaskType is { } type)
        {
            rows = rows.Where(e => e.TaskType == type);
        }

        if (query.EntityId is { } entityId)
        {
            rows = rows.Where(e => e.EntityId == entityId);
        }

        return PageAsync(rows, q => q.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id), page, TaskMapper.ToModel, cancellationToken);
    }

    /// <inheritdoc/>
    public virtual async ValueTask<ApprovalTask> UpdateAsync(ApprovalTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var entity = task.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }
}
