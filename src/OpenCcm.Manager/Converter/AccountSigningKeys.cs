using System.Security.Cryptography;
using System.Text;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Enclave.Measurement;
using OpenCcm.Manager.Security;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Manager.Converter;

/// <summary>
/// The RSA-3072 e = 3 key that signs the SIGSTRUCTs of an account's conversions: generated at the account's first
/// conversion, sealed under the master key (purpose <c>converter-signing-key:{account}</c>), reused after, so every
/// image an account converts has the same MRSIGNER. Its sealed secret has an id derived from the account, so two
/// first conversions racing store one key (the loser re-reads it).
/// </summary>
internal sealed class AccountSigningKeys(
    ISealedSecretStore secrets, IStoreTransactions transactions, IAuditStore audit, SecretSealer sealer, MasterKey masterKey, TimeProvider time)
{
    public static string Purpose(Guid accountId) => $"converter-signing-key:{accountId}";

    public static Guid SecretId(Guid accountId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("OpenCCM converter signing key\0" + accountId)).AsSpan(0, 16));

    /// <summary>The account's key, in memory only (it is never written to disk unsealed). The caller disposes it.</summary>
    public async Task<RSA> GetKeyAsync(Caller caller, CancellationToken cancellationToken)
    {
        var pem = await GetOrCreatePemAsync(caller, cancellationToken);
        try
        {
            return SigstructSigningKey.FromPem(Encoding.ASCII.GetString(pem));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pem);
        }
    }

    private async Task<byte[]> GetOrCreatePemAsync(Caller caller, CancellationToken cancellationToken)
    {
        var account = caller.AccountId ?? throw new InvalidOperationException("Conversions run for the caller's selected account.");
        var id = SecretId(account);
        if (await secrets.GetAsync(id, cancellationToken) is { } existing)
        {
            using var unsealed = sealer.Unseal(existing.SealedData, Purpose(account));
            return unsealed.Span.ToArray();
        }

        using var key = EnclaveSigningKeys.Generate();
        var pem = Encoding.ASCII.GetBytes(key.ExportRSAPrivateKeyPem());
        var now = time.GetUtcNow();
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            await secrets.CreateAsync(new SealedSecret
            {
                Id = id, Purpose = Purpose(account), KeyId = Convert.ToHexStringLower(masterKey.KeyId), SealedData = sealer.Seal(pem, Purpose(account)), CreatedAt = now,
            }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, account, caller.Email, "converter.signing_key.create", "account:" + account, AuditOutcome.Success,
                new { mrsigner = Convert.ToHexStringLower(EnclaveMeasurement.MrSigner(key)) }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return pem;
        }
        catch (DuplicateException)
        {
            CryptographicOperations.ZeroMemory(pem);
            var stored = await secrets.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException("The account's signing key vanished.");
            using var unsealed = sealer.Unseal(stored.SealedData, Purpose(account));
            return unsealed.Span.ToArray();
        }
    }
}
