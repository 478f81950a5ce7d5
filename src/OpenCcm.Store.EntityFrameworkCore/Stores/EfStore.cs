using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Entities;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <summary>
/// Shared plumbing of the EF stores: reads are untracked, every write is one SaveChanges (atomic by itself, or part
/// of the scope's <see cref="IStoreTransaction"/>), provider errors become typed store exceptions, and the change
/// tracker is cleared after each write so a failed write leaves nothing behind in the context.
/// </summary>
public abstract class EfStore
{
    /// <summary>Creates the store over the scope's context.</summary>
    protected EfStore(OpenCcmDbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
    }

    /// <summary>The scope's context (shared by every store of the scope).</summary>
    protected OpenCcmDbContext Context { get; }

    /// <summary>Inserts <paramref name="entity"/>.</summary>
    protected async ValueTask InsertAsync<TEntity>(TEntity entity, string entityType, CancellationToken cancellationToken)
        where TEntity : class
    {
        Context.Add(entity);
        await SaveAsync(entityType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the row of <paramref name="entity"/> if its version is still <c>entity.Version</c>, and sets the
    /// entity's version to the next one.
    /// </summary>
    /// <param name="preserve">Columns the update must leave as they are in the database.</param>
    protected async ValueTask UpdateVersionedAsync<TEntity>(TEntity entity, string entityType, CancellationToken cancellationToken, params string[] preserve)
        where TEntity : class, IVersionedEntity
    {
        var expected = entity.Version;
        entity.Version = expected + 1;
        var entry = Context.Attach(entity);
        entry.State = EntityState.Modified;
        entry.Property(nameof(IVersionedEntity.Version)).OriginalValue = expected;
        foreach (var column in preserve)
        {
            entry.Property(column).IsModified = false;
        }

        await SaveAsync(entityType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves the tracked changes, translating constraint violations, and clears the tracker either way.</summary>
    protected async ValueTask SaveAsync(string entityType, CancellationToken cancellationToken)
    {
        var changesDecisions = Context.ChangeTracker.Entries().Any(ChangesDecisions);
        try
        {
            await Context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (changesDecisions)
            {
                Context.DecisionDataChanged();
            }
        }
        catch (DbUpdateException e) when (StoreErrors.Translate(e, entityType) is { } translated)
        {
            throw translated;
        }
        finally
        {
            Context.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Runs a set-based statement (ExecuteUpdate/ExecuteDelete), translating constraint violations.
    /// <paramref name="changesDecisions"/> is false only for bookkeeping columns no decision reads (last-seen times).
    /// </summary>
    protected async ValueTask<int> ExecuteAsync(Func<Task<int>> statement, string entityType, bool changesDecisions = true)
    {
        ArgumentNullException.ThrowIfNull(statement);
        try
        {
            var affected = await statement().ConfigureAwait(false);
            if (changesDecisions && affected > 0)
            {
                Context.DecisionDataChanged();
            }

            return affected;
        }
        catch (Exception e) when (StoreErrors.Translate(e, entityType) is { } translated)
        {
            throw translated;
        }
    }

    // New certificates, their tasks and audit entries are appended under issuance load and change no decision
    // (StoreChanges); every other write may.
    private static bool ChangesDecisions(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.State is not EntityState.Unchanged and not EntityState.Detached
        && !(entry.State == EntityState.Added && entry.Entity is CertificateEntity or TaskEntity or AuditEntryEntity);

    /// <summary>One page of an ordered query, with the count of all matches.</summary>
    protected static async ValueTask<Page<TModel>> PageAsync<TEntity, TModel>(
        IQueryable<TEntity> filtered, Func<IQueryable<TEntity>, IQueryable<TEntity>> order, PageRequest page,
        Func<TEntity, TModel> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(map);
        page.Validate();
        var total = await filtered.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await order(filtered).Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Page<TModel>(rows.Select(map).ToArray(), total);
    }
}
