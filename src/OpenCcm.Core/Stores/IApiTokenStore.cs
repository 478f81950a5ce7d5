using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists users' session and API tokens, by hash only.</summary>
public interface IApiTokenStore
{
    /// <summary>Adds a token.</summary>
    /// <exception cref="DuplicateException">The id or the hash is taken.</exception>
    /// <exception cref="MissingReferenceException">The user (or the bound account) does not exist.</exception>
    ValueTask<ApiToken> CreateAsync(ApiToken token, CancellationToken cancellationToken = default);

    /// <summary>The token, or null.</summary>
    ValueTask<ApiToken?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The token whose hash is <paramref name="tokenHash"/>, revoked or not, or null.</summary>
    ValueTask<ApiToken?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default);

    /// <summary>A user's tokens, newest first.</summary>
    ValueTask<IReadOnlyList<ApiToken>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Binds the token to an account (session account selection), or unbinds it with null; false when absent.</summary>
    /// <exception cref="MissingReferenceException">The account does not exist.</exception>
    ValueTask<bool> SelectAccountAsync(Guid id, Guid? accountId, CancellationToken cancellationToken = default);

    /// <summary>Records use at <paramref name="at"/>; false when absent.</summary>
    ValueTask<bool> RecordUseAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Marks the token revoked at <paramref name="at"/>; false when absent or already revoked.</summary>
    ValueTask<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);
}
