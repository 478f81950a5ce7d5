using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists zone join tokens, by hash only.</summary>
public interface IJoinTokenStore
{
    /// <summary>Adds a token.</summary>
    /// <exception cref="DuplicateException">The id or the hash is taken.</exception>
    /// <exception cref="MissingReferenceException">The zone does not exist.</exception>
    ValueTask<JoinToken> CreateAsync(JoinToken token, CancellationToken cancellationToken = default);

    /// <summary>The token, or null.</summary>
    ValueTask<JoinToken?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The token whose hash is <paramref name="tokenHash"/> (see <see cref="Security.TokenHash"/>), revoked or not, or null.</summary>
    ValueTask<JoinToken?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default);

    /// <summary>The tokens of a zone, newest first.</summary>
    ValueTask<IReadOnlyList<JoinToken>> ListAsync(Guid zoneId, CancellationToken cancellationToken = default);

    /// <summary>Marks the token revoked at <paramref name="at"/>; false when absent or already revoked.</summary>
    ValueTask<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);
}
