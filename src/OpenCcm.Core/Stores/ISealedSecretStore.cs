using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Persists sealed secrets as opaque bytes.</summary>
public interface ISealedSecretStore
{
    /// <summary>Adds a secret.</summary>
    /// <exception cref="DuplicateException">The id is taken.</exception>
    ValueTask<SealedSecret> CreateAsync(SealedSecret secret, CancellationToken cancellationToken = default);

    /// <summary>The secret, or null.</summary>
    ValueTask<SealedSecret?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The secrets with this purpose, newest first.</summary>
    ValueTask<IReadOnlyList<SealedSecret>> ListByPurposeAsync(string purpose, CancellationToken cancellationToken = default);

    /// <summary>Deletes the secret; false when absent.</summary>
    ValueTask<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
