using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.Conventions;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IJoinTokenStore"/>
public class EfJoinTokenStore(OpenCcmDbContext context) : EfStore(context), IJoinTokenStore
{
    private const string Entity = nameof(JoinToken);

    /// <inheritdoc/>
    public virtual async ValueTask<JoinToken> CreateAsync(JoinToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var entity = token.ToEntity();
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<JoinToken?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.JoinTokens.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<JoinToken?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        return (await Context.JoinTokens.FirstOrDefaultAsync(e => e.TokenHash == tokenHash, cancellationToken).ConfigureAwait(false))?.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<JoinToken>> ListAsync(Guid zoneId, CancellationToken cancellationToken = default) =>
        (await Context.JoinTokens.Where(e => e.ZoneId == zoneId).OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(ZoneMapper.ToModel).ToArray();

    /// <inheritdoc/>
    public virtual async ValueTask<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? revokedAt = StorePrecision.Normalize(at);
        return await ExecuteAsync(
            () => Context.JoinTokens.Where(e => e.Id == id && e.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.RevokedAt, revokedAt), cancellationToken),
            Entity).ConfigureAwait(false) > 0;
    }
}
