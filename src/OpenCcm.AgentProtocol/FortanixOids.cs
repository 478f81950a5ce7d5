namespace OpenCcm.AgentProtocol;

/// <summary>
/// Fortanix's object identifiers for attested CSRs (reference/fortanix-ccm.md §2.4; rust-sgx <c>sgx_pkix/src/oid.rs</c>):
/// SGX identity components of the subject under <c>1.3.6.1.4.1.49690.1.1</c>, CSR attributes under <c>…2.1</c> and <c>…2.2</c>.
/// </summary>
public static class FortanixOids
{
    /// <summary>Fortanix's private enterprise arc.</summary>
    public const string Arc = "1.3.6.1.4.1.49690";

    /// <summary>Subject component CPUSVN (16 bytes).</summary>
    public const string CpuSvn = Arc + ".1.1.1";

    /// <summary>Subject component MISCSELECT (u32 little-endian, 4 bytes).</summary>
    public const string MiscSelect = Arc + ".1.1.2";

    /// <summary>Subject component ATTRIBUTES (FLAGS then XFRM, 16 bytes).</summary>
    public const string Attributes = Arc + ".1.1.3";

    /// <summary>Subject component MRENCLAVE (32 bytes).</summary>
    public const string MrEnclave = Arc + ".1.1.4";

    /// <summary>Subject component MRSIGNER (32 bytes).</summary>
    public const string MrSigner = Arc + ".1.1.5";

    /// <summary>Subject component ISVPRODID (u16 little-endian, 2 bytes).</summary>
    public const string IsvProdId = Arc + ".1.1.6";

    /// <summary>Subject component ISVSVN (u16 little-endian, 2 bytes).</summary>
    public const string IsvSvn = Arc + ".1.1.7";

    /// <summary>Subject component REPORTDATA (64 bytes).</summary>
    public const string ReportData = Arc + ".1.1.8";

    /// <summary>CSR attribute of CSR #1: SEQUENCE { keyid OCTET STRING, mac OCTET STRING } of the workload's REPORT.</summary>
    public const string AttestationInlineSgxLocal = Arc + ".2.1.1";

    /// <summary>CSR attribute of CSR #2: SEQUENCE { app_cert OCTET STRING (attestation certificate DER), node_cert OCTET STRING }.</summary>
    public const string AttestationEmbeddedFqpe = Arc + ".2.2.1";

    /// <summary>The CommonName attribute type (X.520), written first in an attested subject.</summary>
    public const string CommonName = "2.5.4.3";
}
