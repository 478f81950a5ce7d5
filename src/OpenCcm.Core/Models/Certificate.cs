namespace OpenCcm.Core.Models;

/// <summary>
/// A certificate request and its outcome, for a node (node certificate: <see cref="AppId"/> null) or a workload
/// (Fortanix Certificate: <c>certificate_id, status, csr, certificate</c>).
/// </summary>
public sealed record Certificate
{
    /// <summary>Identifier (<c>certificate_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The zone whose CA signed (or would sign) it.</summary>
    public required Guid ZoneId { get; init; }

    /// <summary>Serial number, lowercase hex; unique. Rejected requests get one too, so every row is addressable.</summary>
    public required string Serial { get; init; }

    /// <summary>Status.</summary>
    public required CertificateStatus Status { get; init; }

    /// <summary>The node (for node certificates, the node itself; for workloads, the node it runs on).</summary>
    public Guid? NodeId { get; init; }

    /// <summary>The app, for workload certificates.</summary>
    public Guid? AppId { get; init; }

    /// <summary>The allowlisted build the workload proved to be.</summary>
    public Guid? BuildId { get; init; }

    /// <summary>Subject distinguished name.</summary>
    public string? SubjectName { get; init; }

    /// <summary>DNS names in the certificate (approved domains only).</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>The request, PEM.</summary>
    public string? CsrPem { get; init; }

    /// <summary>The certificate, PEM (null unless issued).</summary>
    public string? CertificatePem { get; init; }

    /// <summary>Start of validity.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>End of validity.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>True when issued on evidence from a simulated TEE.</summary>
    public bool Simulated { get; init; }

    /// <summary>When it was revoked.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>
    /// For <see cref="CertificateStatus.Rejected"/>, the stable code of the rule that refused it; for
    /// <see cref="CertificateStatus.Revoked"/>, the RFC 5280 reason name (e.g. <c>cessationOfOperation</c>).
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>When the request was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
