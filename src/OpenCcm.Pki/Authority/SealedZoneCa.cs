using OpenCcm.Pki.Sealing;

namespace OpenCcm.Pki.Authority;

/// <summary>
/// A zone CA as the manager stores it: certificates in the clear, private keys sealed under the master key with a
/// purpose naming the account, zone and role, so one zone's sealed key cannot be swapped into another's record.
/// </summary>
public sealed record SealedZoneCa
{
    public required byte[] RootCertificate { get; init; }

    public required byte[] IntermediateCertificate { get; init; }

    public required byte[] SealedIntermediateKey { get; init; }

    /// <summary>Null when the root key is kept elsewhere (offline).</summary>
    public byte[]? SealedRootKey { get; init; }

    /// <summary>
    /// The sealing purpose of one of a zone's CA keys: "zone-ca/{length}:{account}/{length}:{zone}/{role}-key". The
    /// lengths keep it unambiguous whatever the ids contain ("a/b" + "c" and "a" + "b/c" give different purposes).
    /// </summary>
    public static string Purpose(string accountId, string zoneId, string role)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(zoneId);
        return $"zone-ca/{accountId.Length}:{accountId}/{zoneId.Length}:{zoneId}/{role}-key";
    }
}
