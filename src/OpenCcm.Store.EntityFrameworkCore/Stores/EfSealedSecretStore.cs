using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="ISealedSecretStore"/>
public class EfSealedSecretStore(OpenCcmDbContext context) : EfStore(context), ISealedSecretStore
{
    private const string Entity = nameof(SealedSecret);

    /// <inheritdoc/>
    public virtual async ValueTask<SealedSecret> CreateAsync(SealedSecret secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var entity = secret.ToEntity();
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<SealedSecret?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.SealedSecrets.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<SealedSecret>> ListByPurposeAsync(string purpose, CancellationToken cancellationToken = default) =>
        (await Context.SealedSecrets.Where(e => e.Purpose == purpose).OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(TokenMapper.ToModel).ToArray();

    /// <inheritdoc/>
    public virtual async ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(() => Context.SealedSecrets.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken), Entity).ConfigureAwait(false) > 0;
}
