namespace OpenCcm.Manager.Certificates;

/// <summary>Workload issuance refusal codes (under <c>refusals</c> of a 403 <see cref="CertificateRefused"/>), beyond the attestation library's.</summary>
internal static class CertificateRefusals
{
    public const string CertificateRefused = "CertificateRefused";
    public const string BuildNotAllowlisted = "BuildNotAllowlisted";
    public const string NameNotApproved = "NameNotApproved";
    public const string LabelsNotSatisfied = "LabelsNotSatisfied";
    public const string EvidenceFormatNotSupported = "EvidenceFormatNotSupported";
}
