using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IUserStore"/>
public class EfUserStore(OpenCcmDbContext context) : EfStore(context), IUserStore
{
    private const string Entity = nameof(User);

    /// <inheritdoc/>
    public virtual async ValueTask<User> CreateAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var entity = user.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<User?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.Users.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalized = User.NormalizeEmail(email);
        return (await Context.Users.FirstOrDefaultAsync(e => e.NormalizedEmail == normalized, cancellationToken).ConfigureAwait(false))?.ToModel();
    }

    /// <inheritdoc/>
    public virtual ValueTask<Page<User>> ListAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(Context.Users, q => q.OrderBy(e => e.NormalizedEmail), page, UserMapper.ToModel, cancellationToken);

    /// <inheritdoc/>
    public virtual async ValueTask<int> CountAsync(CancellationToken cancellationToken = default) =>
        await Context.Users.CountAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public virtual async ValueTask<User> UpdateAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var entity = user.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(() => Context.Users.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken), Entity).ConfigureAwait(false) > 0;
}
