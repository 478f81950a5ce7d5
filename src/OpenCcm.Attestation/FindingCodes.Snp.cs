namespace OpenCcm.Attestation;

/// <summary>Finding codes specific to AMD SEV-SNP attestation reports (evidence-formats.md §8).</summary>
public static partial class FindingCodes
{
    // Report structure (reserved: MBZ bytes and bits, POLICY bit 17 that must be 1, SIGNING_KEY values 2–6).
    public const string SnpReservedFieldInvalid = "SnpReservedFieldInvalid";
    public const string SnpSignatureAlgorithmUnsupported = "SnpSignatureAlgorithmUnsupported";
    public const string SnpReportUnsigned = "SnpReportUnsigned";
    public const string SnpUnknownFlags = "SnpUnknownFlags";

    // Product and endorsement key (VCEK/VLEK).
    public const string SnpProductUnknown = "SnpProductUnknown";
    public const string SnpProductMismatch = "SnpProductMismatch";
    public const string SnpVekMissing = "SnpVekMissing";
    public const string SnpVekInvalid = "SnpVekInvalid";
    public const string SnpTcbMismatch = "SnpTcbMismatch";
    public const string SnpChipIdMismatch = "SnpChipIdMismatch";
    public const string SnpChipIdMasked = "SnpChipIdMasked";

    // Policy layer.
    public const string PolicyVmplMismatch = "PolicyVmplMismatch";
    public const string PolicyMigrationAgentNotAllowed = "PolicyMigrationAgentNotAllowed";
    public const string PolicyHostDataMismatch = "PolicyHostDataMismatch";
    public const string PolicySnpTcbTooLow = "PolicySnpTcbTooLow";
    public const string PolicySnpGuestSvnTooLow = "PolicySnpGuestSvnTooLow";
    public const string PolicySnpSigningKeyNotAllowed = "PolicySnpSigningKeyNotAllowed";
}
