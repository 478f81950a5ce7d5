namespace OpenCcm.Core.Models;

/// <summary>
/// A zone's CA: public certificates in PEM, private keys only as references to sealed secrets
/// (<see cref="SealedSecret"/>), never in plaintext.
/// </summary>
public sealed record ZoneCertificateAuthority
{
    /// <summary>The self-signed zone root (Fortanix zone <c>certificate</c>).</summary>
    public required string RootCertificatePem { get; init; }

    /// <summary>The intermediate that signs node and workload certificates.</summary>
    public required string IssuingCertificatePem { get; init; }

    /// <summary>The sealed secret holding the root's private key.</summary>
    public required Guid RootKeySecretId { get; init; }

    /// <summary>The sealed secret holding the issuing key.</summary>
    public required Guid IssuingKeySecretId { get; init; }
}
