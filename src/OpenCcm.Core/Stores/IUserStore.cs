using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists users. Password hashing happens above it; the store keeps the verifier string as given.</summary>
public interface IUserStore
{
    /// <summary>Adds a user; the stored copy (version 1) is returned.</summary>
    /// <exception cref="DuplicateException">The id or the e-mail address (ignoring case) is taken.</exception>
    ValueTask<User> CreateAsync(User user, CancellationToken cancellationToken = default);

    /// <summary>The user, or null.</summary>
    ValueTask<User?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The user with this e-mail address, ignoring case and surrounding spaces, or null.</summary>
    ValueTask<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>All users, by e-mail address.</summary>
    ValueTask<Page<User>> ListAsync(PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>How many users exist (the first start creates an administrator when there are none).</summary>
    ValueTask<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the user if its <see cref="User.Version"/> is current; returns it with the next version.</summary>
    /// <exception cref="ConcurrencyException">It changed or was deleted since it was read.</exception>
    /// <exception cref="DuplicateException">The new e-mail address is taken.</exception>
    ValueTask<User> UpdateAsync(User user, CancellationToken cancellationToken = default);

    /// <summary>Deletes the user with their memberships and tokens; false when absent.</summary>
    ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
