namespace OpenCcm.Core.Models;

/// <summary>The kinds of trusted execution environment a node or a build runs on.</summary>
public enum TeeKind
{
    /// <summary>Intel SGX enclaves (identity: MRENCLAVE, MRSIGNER, ISVPRODID, ISVSVN).</summary>
    Sgx,

    /// <summary>Intel TDX trust domains (identity: MRTD and RTMRs).</summary>
    Tdx,

    /// <summary>AMD SEV-SNP confidential VMs (identity: launch measurement).</summary>
    SevSnp,

    /// <summary>AWS Nitro Enclaves (identity: PCR0..PCR2).</summary>
    Nitro,
}
