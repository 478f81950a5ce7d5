namespace OpenCcm.Attestation;

/// <summary>The evidence format names used on the command line and in verdicts.</summary>
public static class EvidenceFormats
{
    public const string SgxReport = "sgx-report";
    public const string SgxQuote = "sgx-quote";
    public const string IasReport = "ias-report";
    public const string Sigstruct = "sigstruct";
    public const string TdxQuote = "tdx-quote";
    public const string SnpReport = "snp-report";
    public const string Nitro = "nitro";
}
