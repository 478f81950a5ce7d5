using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.Conventions;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IApiTokenStore"/>
public class EfApiTokenStore(OpenCcmDbContext context) : EfStore(context), IApiTokenStore
{
    private const string Entity = nameof(ApiToken);

    /// <inheritdoc/>
    public virtual async ValueTask<ApiToken> CreateAsync(ApiToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var entity = token.ToEntity();
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<ApiToken?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.ApiTokens.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<ApiToken?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        return (await Context.ApiTokens.FirstOrDefaultAsync(e => e.TokenHash == tokenHash, cancellationToken).ConfigureAwait(false))?.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<ApiToken>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        (await Context.ApiTokens.Where(e => e.UserId == userId).OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(TokenMapper.ToModel).ToArray();

    /// <inheritdoc/>
    public virtual async ValueTask<bool> SelectAccountAsync(Guid id, Guid? accountId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            () => Context.ApiTokens.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.AccountId, accountId), cancellationToken),
            Entity).ConfigureAwait(false) > 0;

    /// <inheritdoc/>
    public virtual async ValueTask<bool> RecordUseAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? usedAt = StorePrecision.Normalize(at);
        return await ExecuteAsync(
            () => Context.ApiTokens.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastUsedAt, usedAt), cancellationToken),
            Entity, changesDecisions: false).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public virtual async ValueTask<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? revokedAt = StorePrecision.Normalize(at);
        return await ExecuteAsync(
            () => Context.ApiTokens.Where(e => e.Id == id && e.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.RevokedAt, revokedAt), cancellationToken),
            Entity).ConfigureAwait(false) > 0;
    }
}
