using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists accounts and their members. Persistence only: the rules (who may do what) live above it.</summary>
public interface IAccountStore
{
    /// <summary>Adds an account; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id or the name is taken.</exception>
    ValueTask<Account> CreateAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>The account, or null.</summary>
    ValueTask<Account?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The account with this exact name, or null.</summary>
    ValueTask<Account?> FindByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>All accounts, by name.</summary>
    ValueTask<Page<Account>> ListAsync(PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Replaces the account if its <see cref="Account.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    /// <exception cref="DuplicateException">The new name is taken.</exception>
    ValueTask<Account> UpdateAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>Deletes the account and everything in it (members, zones, tokens, nodes, apps, builds, tasks, certificates); audit entries stay. False when absent.</summary>
    ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Adds a user to an account.</summary>
    /// <exception cref="DuplicateException">The user is already a member.</exception>
    /// <exception cref="MissingReferenceException">The account or user does not exist.</exception>
    ValueTask<AccountMember> AddMemberAsync(AccountMember member, CancellationToken cancellationToken = default);

    /// <summary>The membership, or null.</summary>
    ValueTask<AccountMember?> GetMemberAsync(Guid accountId, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Changes a member's role; false when the user is not a member.</summary>
    ValueTask<bool> SetMemberRoleAsync(Guid accountId, Guid userId, AccountRole role, CancellationToken cancellationToken = default);

    /// <summary>Removes a user from an account; false when not a member.</summary>
    ValueTask<bool> RemoveMemberAsync(Guid accountId, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The members of an account, oldest first.</summary>
    ValueTask<IReadOnlyList<AccountMember>> ListMembersAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>The accounts a user belongs to, with the user's role in each, oldest first.</summary>
    ValueTask<IReadOnlyList<AccountMember>> ListMembershipsAsync(Guid userId, CancellationToken cancellationToken = default);
}
