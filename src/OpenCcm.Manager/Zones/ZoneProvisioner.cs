using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Sealing;
using CoreZoneCa = OpenCcm.Core.Models.ZoneCertificateAuthority;
using PkiZoneCa = OpenCcm.Pki.Authority.ZoneCertificateAuthority;

namespace OpenCcm.Manager.Zones;

/// <summary>
/// Creates zones with their own CA (ECDSA root and issuing intermediate by default, RSA on request). The CA's private
/// keys are sealed under the master key (DESIGN.md §2) and stored as sealed secrets; only certificates are plaintext.
/// Call it inside the caller's store transaction so the secrets and the zone commit together.
/// </summary>
internal sealed class ZoneProvisioner(IZoneStore zones, ISealedSecretStore secrets, SecretSealer sealer, MasterKey masterKey, TimeProvider time)
{
    public const string DefaultZoneName = "Default Enclave Zone";

    public Task<Zone> CreateAsync(Guid accountId, string name, CaKeyAlgorithm algorithm, CancellationToken cancellationToken) =>
        CreateAsync(accountId, name, algorithm, description: null, ZonePolicy.Default, cancellationToken);

    /// <exception cref="DuplicateException">The account has a zone with this name.</exception>
    public async Task<Zone> CreateAsync(
        Guid accountId, string name, CaKeyAlgorithm algorithm, string? description, ZonePolicy policy, CancellationToken cancellationToken)
    {
        var zoneId = Guid.NewGuid();
        var now = time.GetUtcNow();
        using var ca = PkiZoneCa.Create(accountId.ToString(), zoneId.ToString(), new ZoneCaOptions { KeyAlgorithm = algorithm }, time);
        var sealedCa = ca.Seal(sealer);
        var rootKey = await secrets.CreateAsync(Secret(SealedZoneCa.Purpose(accountId.ToString(), zoneId.ToString(), "root"), sealedCa.SealedRootKey!, now), cancellationToken);
        var issuingKey = await secrets.CreateAsync(Secret(SealedZoneCa.Purpose(accountId.ToString(), zoneId.ToString(), "intermediate"), sealedCa.SealedIntermediateKey, now), cancellationToken);
        return await zones.CreateAsync(new Zone
        {
            Id = zoneId,
            AccountId = accountId,
            Name = name,
            Description = description,
            Policy = policy,
            CertificateAuthority = new CoreZoneCa
            {
                RootCertificatePem = ca.RootPem,
                IssuingCertificatePem = ca.IntermediateCertificate.ExportCertificatePem(),
                RootKeySecretId = rootKey.Id,
                IssuingKeySecretId = issuingKey.Id,
            },
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    private SealedSecret Secret(string purpose, byte[] sealedData, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(), Purpose = purpose, KeyId = Convert.ToHexStringLower(masterKey.KeyId), SealedData = sealedData, CreatedAt = now,
    };
}
