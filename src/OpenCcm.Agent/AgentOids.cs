using OpenCcm.Attestation;

namespace OpenCcm.Agent;

/// <summary>OIDs the agent defines under OpenCCM's arc (docs/oids.md).</summary>
public static class AgentOids
{
    /// <summary>
    /// Non-critical extension of an attestation certificate (the agent's answer to /v1/enclave/attest, signed with the
    /// node key): DER OCTET STRING holding the workload's 432-byte SGX REPORT the agent verified, so /v1/certificate/issue
    /// needs no state to forward it as evidence.
    /// </summary>
    public const string LocalAttestationReport = OpenCcmOids.Arc + ".3";
}
