using System.Security.Cryptography;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Pki.Authority;

/// <summary>Storing a zone CA with its private keys sealed under the master key (DESIGN.md §2).</summary>
public sealed partial class ZoneCertificateAuthority
{
    /// <summary>Seals both private keys (the root's only when held) for storage; the exported plaintext is zeroed.</summary>
    public SealedZoneCa Seal(SecretSealer sealer, bool includeRootKey = true)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        return new SealedZoneCa
        {
            RootCertificate = RootCertificate.RawData,
            IntermediateCertificate = IntermediateCertificate.RawData,
            SealedIntermediateKey = SealExported(sealer, ExportIntermediatePrivateKey(), "intermediate"),
            SealedRootKey = includeRootKey && HasRootKey ? SealExported(sealer, ExportRootPrivateKey(), "root") : null,
        };
    }

    /// <summary>
    /// Opens a sealed zone CA that must belong to <paramref name="accountId"/> and <paramref name="zoneId"/>: the keys
    /// unseal only under those ids, and the certificates must name them.
    /// </summary>
    public static ZoneCertificateAuthority Unseal(
        SealedZoneCa sealedCa, SecretSealer sealer, string accountId, string zoneId, ZoneCaOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sealedCa);
        ArgumentNullException.ThrowIfNull(sealer);
        using var intermediateKey = sealer.Unseal(sealedCa.SealedIntermediateKey, SealedZoneCa.Purpose(accountId, zoneId, "intermediate"));
        using var rootKey = sealedCa.SealedRootKey is { } sealedRoot ? sealer.Unseal(sealedRoot, SealedZoneCa.Purpose(accountId, zoneId, "root")) : null;
        var ca = Load(sealedCa.RootCertificate, sealedCa.IntermediateCertificate, intermediateKey.Span, rootKey is null ? default : rootKey.Span, options, timeProvider);
        if (ca.AccountId != accountId || ca.ZoneId != zoneId)
        {
            ca.Dispose();
            throw new PkiException(PkiErrorCode.CaMaterialInvalid, $"The sealed CA's certificates belong to {ca.AccountId}/{ca.ZoneId}, not {accountId}/{zoneId}.");
        }

        return ca;
    }

    private byte[] SealExported(SecretSealer sealer, byte[] pkcs8, string role)
    {
        try
        {
            return sealer.Seal(pkcs8, SealedZoneCa.Purpose(AccountId, ZoneId, role));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
