using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>What the caller approved for a node certificate (mTLS client of the manager; no DNS names).</summary>
public sealed record NodeCertificateRequest
{
    /// <summary>Subject CN (1–64 characters), e.g. the node id.</summary>
    public required string CommonName { get; init; }

    /// <summary>The node's attested platform identity; its <see cref="AttestedIdentity.Subject"/> is set to Node by the issuer.</summary>
    public required AttestedIdentity Identity { get; init; }

    /// <summary>Defaults to <see cref="Authority.ZoneCaOptions.DefaultLeafLifetime"/>; capped at the intermediate's notAfter.</summary>
    public TimeSpan? Lifetime { get; init; }
}
