namespace OpenCcm.Attestation;

/// <summary>IAS (EPID) report codes (IasReportInvalid and IasQuoteStatus are in the shared file).</summary>
public static partial class FindingCodes
{
    /// <summary>No IAS Report Signing certificate in the evidence bundle, the certificate chain or the collateral.</summary>
    public const string IasSigningCertificateMissing = "IasSigningCertificateMissing";

    /// <summary>IAS found the EPID quote's signature invalid (isvEnclaveQuoteStatus SIGNATURE_INVALID).</summary>
    public const string IasQuoteSignatureInvalid = "IasQuoteSignatureInvalid";

    /// <summary>IAS could not check revocation: the quote's SigRL version is not current (SIGRL_VERSION_MISMATCH).</summary>
    public const string IasSigRlVersionMismatch = "IasSigRlVersionMismatch";

    /// <summary>An isvEnclaveQuoteStatus this verifier does not know; refused rather than guessed.</summary>
    public const string IasQuoteStatusUnrecognized = "IasQuoteStatusUnrecognized";

    /// <summary>Info: the report's id, timestamp, version and nonce.</summary>
    public const string IasReportMetadata = "IasReportMetadata";
}
