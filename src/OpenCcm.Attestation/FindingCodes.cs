namespace OpenCcm.Attestation;

/// <summary>
/// Stable finding codes. They are part of the public contract (CLI JSON, manager refusals, docs/findings.md):
/// never rename one; add new ones instead.
/// </summary>
public static partial class FindingCodes
{
    // Input and format.
    public const string MalformedEvidence = "MalformedEvidence";
    public const string UnsupportedFormat = "UnsupportedFormat";
    public const string UnsupportedVersion = "UnsupportedVersion";
    public const string UnsupportedAttestationKeyType = "UnsupportedAttestationKeyType";
    public const string UnsupportedTeeType = "UnsupportedTeeType";
    public const string UnknownQeVendor = "UnknownQeVendor";
    public const string TrailingData = "TrailingData";

    // Signatures and bindings.
    public const string QuoteSignatureInvalid = "QuoteSignatureInvalid";
    public const string QeReportSignatureInvalid = "QeReportSignatureInvalid";
    public const string AttestationKeyBindingMismatch = "AttestationKeyBindingMismatch";
    public const string ReportMacInvalid = "ReportMacInvalid";
    public const string ReportMacNotVerifiable = "ReportMacNotVerifiable";
    public const string SignatureInvalid = "SignatureInvalid";
    public const string SigstructQ1Q2Invalid = "SigstructQ1Q2Invalid";
    public const string SigstructExponentInvalid = "SigstructExponentInvalid";

    // Certificates and chains.
    public const string PckCertificateRequired = "PckCertificateRequired";
    public const string CertificationDataInvalid = "CertificationDataInvalid";
    public const string CertificateChainInvalid = "CertificateChainInvalid";
    public const string CertificateChainUntrusted = "CertificateChainUntrusted";
    public const string CertificateSignatureInvalid = "CertificateSignatureInvalid";
    public const string CertificateExpired = "CertificateExpired";
    public const string CertificateNotYetValid = "CertificateNotYetValid";
    public const string CertificateRevoked = "CertificateRevoked";
    public const string PckExtensionsInvalid = "PckExtensionsInvalid";
    public const string SimulatedRootNotTrusted = "SimulatedRootNotTrusted";
    public const string SimulatedEvidence = "SimulatedEvidence";

    // Revocation lists.
    public const string RevocationNotChecked = "RevocationNotChecked";
    public const string CrlSignatureInvalid = "CrlSignatureInvalid";
    public const string CrlExpired = "CrlExpired";

    // Intel collateral.
    public const string TcbInfoMissing = "TcbInfoMissing";
    public const string TcbInfoSignatureInvalid = "TcbInfoSignatureInvalid";
    public const string TcbInfoExpired = "TcbInfoExpired";
    public const string TcbInfoNotYetValid = "TcbInfoNotYetValid";
    public const string TcbSigningCertificateInvalid = "TcbSigningCertificateInvalid";
    public const string QeIdentityMissing = "QeIdentityMissing";
    public const string QeIdentitySignatureInvalid = "QeIdentitySignatureInvalid";
    public const string QeIdentityExpired = "QeIdentityExpired";
    public const string QeIdentityNotYetValid = "QeIdentityNotYetValid";
    public const string QeIdentityMismatch = "QeIdentityMismatch";
    public const string CollateralInvalid = "CollateralInvalid";

    // TCB evaluation (reported, judged by policy).
    public const string TcbNotSupported = "TcbNotSupported";
    public const string TcbStatus = "TcbStatus";
    public const string QeTcbStatus = "QeTcbStatus";
    public const string TcbStatusUnrecognized = "TcbStatusUnrecognized";
    public const string TdxModuleMismatch = "TdxModuleMismatch";

    // IAS (EPID) reports.
    public const string IasReportInvalid = "IasReportInvalid";
    public const string IasQuoteStatus = "IasQuoteStatus";

    // Policy layer.
    public const string PolicyDebugEnabled = "PolicyDebugEnabled";
    public const string PolicyTcbStatusNotAccepted = "PolicyTcbStatusNotAccepted";
    public const string PolicyMeasurementNotAllowed = "PolicyMeasurementNotAllowed";
    public const string PolicySignerNotAllowed = "PolicySignerNotAllowed";
    public const string PolicyReportDataMismatch = "PolicyReportDataMismatch";
    public const string PolicyIsvSvnTooLow = "PolicyIsvSvnTooLow";
    public const string PolicySimulatedNotAllowed = "PolicySimulatedNotAllowed";
    public const string PolicyRevocationNotChecked = "PolicyRevocationNotChecked";
}
