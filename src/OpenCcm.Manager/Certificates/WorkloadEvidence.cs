using System.Security.Cryptography;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Nitro;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Snp;
using OpenCcm.Attestation.Tdx;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Nodes;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Certificates;

/// <summary>What the evidence of a workload establishes: its TEE identity, debug mode and whether it is simulated.</summary>
internal sealed record WorkloadIdentity(TeeKind TeeKind, byte[] Measurement, byte[]? Signer, ushort? ProductId, ushort? SecurityVersion, bool Debug, bool Simulated)
{
    public string MeasurementHex => Convert.ToHexStringLower(Measurement);
}

/// <summary>
/// Judges a workload's evidence into its identity plus the findings that refuse it. Two kinds:
/// <list type="bullet">
/// <item>an SGX REPORT (local attestation, 432 bytes): its MAC is keyed to the node agent's enclave on that CPU, so only
/// the agent can verify it — the manager relies on the node, authenticated by its attested node certificate, and judges
/// the body: report data binds the CSR key, and the node's recorded TCB status must still be accepted by the zone;</item>
/// <item>remote evidence (SGX/TDX quote, SEV-SNP report, Nitro document): verified by the attestation library exactly as
/// node enrollment does (<see cref="NodeAttestation"/>: authenticity, report-data binding, TEE kind, simulated, TCB);
/// its debug refusal is left out here because a build registered as debug may run in debug mode.</item>
/// </list>
/// A null identity means the evidence could not be trusted at all (the findings say why).
/// </summary>
internal sealed class WorkloadEvidence(NodeAttestation attestation)
{
    public const string ReportFormat = "sgx-report";

    public (WorkloadIdentity? Identity, List<Finding> Refusals) Judge(byte[] evidence, string? format, byte[] csrSubjectPublicKeyInfo, NodeClient client)
    {
        if (format == ReportFormat || (format is null && evidence.Length == SgxReport.Size))
        {
            return JudgeReport(evidence, csrSubjectPublicKeyInfo, client);
        }

        var judged = attestation.Attest(evidence, format, csrSubjectPublicKeyInfo, client.Zone.Policy);
        if (judged.Verdict is not { Verified: true, Claims: { } claims } || judged.TeeKind is not { } kind || Identity(claims, kind, judged.Simulated) is not { } identity)
        {
            return (null, [.. judged.Refusals.DefaultIfEmpty(Finding.Error(CertificateRefusals.EvidenceFormatNotSupported, "The evidence does not establish a workload identity."))]);
        }

        return (identity, [.. judged.Refusals.Where(r => r.Code != FindingCodes.PolicyDebugEnabled)]);
    }

    private static (WorkloadIdentity?, List<Finding>) JudgeReport(byte[] evidence, byte[] csrSubjectPublicKeyInfo, NodeClient client)
    {
        if (ReportEvidence.TryParse(evidence) is not { } body)
        {
            return (null, [Finding.Error(CertificateRefusals.EvidenceFormatNotSupported, "sgx-report evidence must be a 432-byte SGX REPORT.")]);
        }

        var refusals = new List<Finding>();
        if (!CryptographicOperations.FixedTimeEquals(body.ReportData[..32], SHA256.HashData(csrSubjectPublicKeyInfo)))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyReportDataMismatch, "The REPORT's report data does not bind the CSR's public key (SHA-256 of its SubjectPublicKeyInfo)."));
        }

        if (client.Node.TcbStatus is { } tcb && !client.Zone.Policy.AcceptedTcbStatuses.Contains(tcb))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyTcbStatusNotAccepted, $"The node's TCB status {tcb} is not accepted by the zone."));
        }

        var identity = new WorkloadIdentity(
            TeeKind.Sgx, body.MrEnclave.ToArray(), body.MrSigner.ToArray(), body.IsvProdId, body.IsvSvn, body.Debug, client.Node.Simulated);
        return (identity, refusals);
    }

    private static WorkloadIdentity? Identity(IEvidenceClaims claims, TeeKind kind, bool simulated) => claims switch
    {
        SgxClaims sgx => new(kind, sgx.MrEnclave, sgx.MrSigner, sgx.IsvProdId, sgx.IsvSvn, sgx.Debug, simulated),
        TdxClaims tdx => new(kind, tdx.MrTd, null, null, null, tdx.Debug, simulated),
        SnpClaims snp => new(kind, snp.Measurement, null, null, null, snp.ToDictionary().TryGetValue("debug", out var debug) && debug is true, simulated),
        NitroClaims nitro when nitro.Pcrs.TryGetValue(0, out var pcr0) => new(kind, pcr0, null, null, null, nitro.Debug, simulated),
        _ => null,
    };
}
