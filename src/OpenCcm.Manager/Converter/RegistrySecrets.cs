using System.Text;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Oci.Registry;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Manager.Converter;

/// <summary>
/// Seals and unseals the passwords (or tokens) of stored registries under the master key, like zone CA keys
/// (DESIGN.md §2). The purpose names the account and the registry, so a sealed credential cannot be replayed for another.
/// Call the writers inside the caller's store transaction.
/// </summary>
internal sealed class RegistrySecrets(ISealedSecretStore secrets, SecretSealer sealer, MasterKey masterKey, TimeProvider time)
{
    public static string Purpose(Guid accountId, Guid registryId) => $"registry-credential:{accountId}:{registryId}";

    public async Task<Guid> SealAsync(Guid accountId, Guid registryId, string password, CancellationToken cancellationToken)
    {
        var purpose = Purpose(accountId, registryId);
        var secret = await secrets.CreateAsync(new SealedSecret
        {
            Id = Guid.NewGuid(), Purpose = purpose, KeyId = Convert.ToHexStringLower(masterKey.KeyId),
            SealedData = sealer.Seal(Encoding.UTF8.GetBytes(password), purpose), CreatedAt = time.GetUtcNow(),
        }, cancellationToken);
        return secret.Id;
    }

    public async Task DeleteAsync(Guid? secretId, CancellationToken cancellationToken)
    {
        if (secretId is { } id)
        {
            await secrets.DeleteAsync(id, cancellationToken);
        }
    }

    /// <summary>The stored registry's credentials, or null when it has none.</summary>
    public async Task<RegistryCredentials?> UnsealAsync(ImageRegistry registry, CancellationToken cancellationToken)
    {
        if (registry.Username is not { } username || registry.CredentialSecretId is not { } id
            || await secrets.GetAsync(id, cancellationToken) is not { } secret)
        {
            return null;
        }

        using var password = sealer.Unseal(secret.SealedData, Purpose(registry.AccountId, registry.Id));
        return new RegistryCredentials(username, Encoding.UTF8.GetString(password.Span));
    }
}
