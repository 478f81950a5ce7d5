using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>The kinds of trusted execution environment a node or a build runs on.</summary>
public enum TeeKind
{
    /// <summary>Intel SGX enclaves (identity: MRENCLAVE, MRSIGNER, ISVPRODID, ISVSVN).</summary>
    [JsonStringEnumMemberName("SGX")]
    Sgx,

    /// <summary>Intel TDX trust domains (identity: MRTD and RTMRs).</summary>
    [JsonStringEnumMemberName("TDX")]
    Tdx,

    /// <summary>AMD SEV-SNP confidential VMs (identity: launch measurement).</summary>
    [JsonStringEnumMemberName("SEV_SNP")]
    SevSnp,

    /// <summary>AWS Nitro Enclaves (identity: PCR0..PCR2).</summary>
    [JsonStringEnumMemberName("NITRO")]
    Nitro,
}
