using Microsoft.EntityFrameworkCore;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Mappers;

namespace OpenCcm.Store.EntityFrameworkCore.Stores;

/// <inheritdoc cref="IAccountStore"/>
public class EfAccountStore(OpenCcmDbContext context) : EfStore(context), IAccountStore
{
    private const string Entity = nameof(Account);
    private const string MemberEntity = nameof(AccountMember);

    /// <inheritdoc/>
    public virtual async ValueTask<Account> CreateAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var entity = account.ToEntity();
        entity.Version = 1;
        await InsertAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<Account?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await Context.Accounts.FirstOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<Account?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
        (await Context.Accounts.FirstOrDefaultAsync(e => e.Name == name, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual ValueTask<Page<Account>> ListAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        PageAsync(Context.Accounts, q => q.OrderBy(e => e.Name).ThenBy(e => e.Id), page, AccountMapper.ToModel, cancellationToken);

    /// <inheritdoc/>
    public virtual async ValueTask<Account> UpdateAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var entity = account.ToEntity();
        await UpdateVersionedAsync(entity, Entity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(() => Context.Accounts.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken), Entity).ConfigureAwait(false) > 0;

    /// <inheritdoc/>
    public virtual async ValueTask<AccountMember> AddMemberAsync(AccountMember member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var entity = member.ToEntity();
        await InsertAsync(entity, MemberEntity, cancellationToken).ConfigureAwait(false);
        return entity.ToModel();
    }

    /// <inheritdoc/>
    public virtual async ValueTask<AccountMember?> GetMemberAsync(Guid accountId, Guid userId, CancellationToken cancellationToken = default) =>
        (await Context.AccountMembers.FirstOrDefaultAsync(e => e.AccountId == accountId && e.UserId == userId, cancellationToken).ConfigureAwait(false))?.ToModel();

    /// <inheritdoc/>
    public virtual async ValueTask<bool> SetMemberRoleAsync(Guid accountId, Guid userId, AccountRole role, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            () => Context.AccountMembers.Where(e => e.AccountId == accountId && e.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Role, role), cancellationToken),
            MemberEntity).ConfigureAwait(false) > 0;

    /// <inheritdoc/>
    public virtual async ValueTask<bool> RemoveMemberAsync(Guid accountId, Guid userId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            () => Context.AccountMembers.Where(e => e.AccountId == accountId && e.UserId == userId).ExecuteDeleteAsync(cancellationToken),
            MemberEntity).ConfigureAwait(false) > 0;

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<AccountMember>> ListMembersAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        (await Context.AccountMembers.Where(e => e.AccountId == accountId).OrderBy(e => e.CreatedAt).ThenBy(e => e.UserId)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(AccountMapper.ToModel).ToArray();

    /// <inheritdoc/>
    public virtual async ValueTask<IReadOnlyList<AccountMember>> ListMembershipsAsync(Guid userId, CancellationToken cancellationToken = default) =>
        (await Context.AccountMembers.Where(e => e.UserId == userId).OrderBy(e => e.CreatedAt).ThenBy(e => e.AccountId)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(AccountMapper.ToModel).ToArray();
}
