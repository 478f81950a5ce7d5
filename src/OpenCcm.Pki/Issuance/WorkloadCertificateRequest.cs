using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// What the caller approved for a workload certificate. The issuer puts exactly these names in the certificate:
/// deciding them (e.g. requested ∩ approved domains) is the caller's policy, not the issuer's.
/// </summary>
public sealed record WorkloadCertificateRequest
{
    /// <summary>Subject CN (1–64 characters).</summary>
    public required string CommonName { get; init; }

    /// <summary>subjectAltName DNS names (lowercased, duplicates dropped); may be empty.</summary>
    public required IReadOnlyList<string> DnsNames { get; init; }

    /// <summary>The attested identity; its <see cref="AttestedIdentity.Subject"/> is set to Workload by the issuer.</summary>
    public required AttestedIdentity Identity { get; init; }

    /// <summary>Defaults to <see cref="Authority.ZoneCaOptions.DefaultLeafLifetime"/>; capped at the intermediate's notAfter.</summary>
    public TimeSpan? Lifetime { get; init; }
}
