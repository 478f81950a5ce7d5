using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.Conventions;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="INodeStore"/>
public class EfNodeStore(OpenCcmDbContext context) : EfStore(context), INodeStore
{
    private const string Entity = nameof(Node);

    /// <inheritdoc/>
    public virtual async ValueTask<Node> CreateAsync(Node node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var entity = node.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<Node?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.Nodes.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual ValueTask<Page<Node>> ListAsync(NodeQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Context.Nodes.Where(e => e.AccountId == query.AccountId);
        if (query.ZoneId is { } zoneId)
        {
            rows = rows.Where(e => e.ZoneId == zoneId);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(e => e.Status == status);
        }

        if (query.LastSeenBefore is { } before)
        {
            DateTimeOffset? limit = StorePrecision.Normalize(before);
            rows = rows.Where(e => e.LastSeenAt == null || e.LastSeenAt < limit);
        }

        return PageAsync(rows, q => q.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id), page, NodeMapper.ToModel, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Last-seen time and agent version belong to <see cref="RecordSeenAsync"/>; the update leaves them as stored and returns them.</remarks>
    public virtual async ValueTask<Node> UpdateAsync(Node node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var entity = node.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken, nameof(NodeEntity.LastSeenAt), nameof(NodeEntity.LastSeenVersion)).ConfigureAwait(false);
        var stored = await Context.Nodes.Where(e => e.Id == node.Id)
            .Select(e => new { e.LastSeenAt, e.LastSeenVersion }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return entity.ToModel() with { LastSeenAt = stored?.LastSeenAt, LastSeenVersion = stored?.LastSeenVersion };
    }

    /// <inheritdoc/>
    public virtual async ValueTask<bool> RecordSeenAsync(Guid id, DateTimeOffset at, string? agentVersion, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? seenAt = StorePrecision.Normalize(at);
        return await ExecuteAsync(
            () => Context.Nodes.Where(e => e.Id == id).ExecuteUpdateAsync(
                s => s.SetProperty(e => e.LastSeenAt, seenAt).SetProperty(e => e.LastSeenVersion, agentVersion), cancellationToken),
            Entity, changesDecisions: false).ConfigureAwait(false) > 0;
    }
}
