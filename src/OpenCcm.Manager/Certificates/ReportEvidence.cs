using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Manager.Certificates;

/// <summary>
/// A workload's SGX REPORT (local attestation, 432 bytes). Its MAC is keyed to the node agent's enclave on that very
/// CPU, so only the agent can verify it: the manager relies on the node, authenticated by its attested node
/// certificate, for the MAC, and judges the body (identity, report data, debug) itself.
/// </summary>
internal static class ReportEvidence
{
    /// <summary>The report body, or null when the bytes are not a REPORT.</summary>
    public static SgxReportBody? TryParse(byte[] evidence)
    {
        if (evidence.Length != SgxReport.Size)
        {
            return null;
        }

        try
        {
            return SgxReport.Parse(evidence).Body;
        }
        catch (EvidenceFormatException)
        {
            return null;
        }
    }
}
