using System.Security.Cryptography;
using OpenCcm.Agent.Enrollment;
using OpenCcm.Agent.Manager;
using OpenCcm.Agent.Platforms;
using OpenCcm.AgentProtocol;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Agent.LocalApi;

/// <summary>
/// <c>/v1/enclave/attest</c> (reference/fortanix-ccm.md §2.4 step 4): local attestation of a workload's REPORT — its MAC
/// with the agent enclave's report key, report data = SHA-256(CSR SPKI) || 0^32, the CSR's signature, and its subject SGX
/// components and attestationInlineSgxLocal agreeing with the REPORT — then an attestation certificate signed with the
/// node key and a REPORT for the workload binding that certificate. The manager is not called.
/// </summary>
internal sealed class WorkloadAttestation(AgentOptions options, IAgentPlatform platform, NodeSession session)
{
    public AttestResponse Attest(AttestRequest request)
    {
        var node = RequireUsableNode(session);
        if (platform.TargetInfo is null)
        {
            throw new LocalProblem(501, AgentErrorCodes.LocalAttestationUnsupported, $"Platform {platform.Name} offers no local attestation.");
        }

        if (request.Report is null || request.AttestationCsr is null)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.ValidationFailed, "report (base64) and attestation_csr (PEM) are required.");
        }

        var report = ParseReport(request.Report);
        var check = platform.VerifyReport(report);
        if (!check.IsVerified)
        {
            throw new LocalProblem(check.Code == AgentErrorCodes.LocalAttestationUnsupported ? 501 : 403, check.Code!, check.Message);
        }

        var csr = ParseCsr(request.AttestationCsr);
        if (!ReportDataBinding.Matches(report.Body.ReportData, csr.SubjectPublicKeyInfo))
        {
            throw LocalProblem.Forbidden(AgentErrorCodes.ReportDataMismatch, "The REPORT's report data is not SHA-256(CSR SubjectPublicKeyInfo) || 32 zero bytes.");
        }

        if (csr.SgxIdentity is { } identity && !identity.Matches(report.Body))
        {
            throw LocalProblem.Forbidden(AgentErrorCodes.ReportCsrMismatch, "The CSR's subject SGX components differ from the REPORT's.");
        }

        if (csr.InlineSgxLocal is { } inline
            && !(CryptographicOperations.FixedTimeEquals(inline.KeyId.Span, report.KeyId) & CryptographicOperations.FixedTimeEquals(inline.Mac.Span, report.Mac)))
        {
            throw LocalProblem.Forbidden(AgentErrorCodes.ReportCsrMismatch, "The CSR's attestationInlineSgxLocal keyid/mac differ from the REPORT's.");
        }

        var certificate = AttestationCertificates.Issue(node, csr, report, options.Time.GetUtcNow(), options.AttestationCertificateLifetime);
        var fqpeReport = platform.CreateReport(SgxTargetInfo.ForEnclave(report.Body), ReportDataBinding.For(certificate));
        return new AttestResponse(
            PemEncoding.WriteString("CERTIFICATE", certificate), node.CertificatePem, Convert.ToBase64String(fqpeReport));
    }

    /// <summary>The identity the local API may act for: enrolled and not deactivated.</summary>
    public static NodeIdentity RequireUsableNode(NodeSession session)
    {
        if (session.Deactivated)
        {
            throw LocalProblem.Forbidden(AgentErrorCodes.NodeNotActive, "The manager has deactivated this node; it serves no workloads.");
        }

        return session.Identity ?? throw new LocalProblem(503, AgentErrorCodes.NodeNotEnrolled, "The agent is not enrolled with the manager yet.");
    }

    public static ParsedAttestationCsr ParseCsr(string pem)
    {
        try
        {
            return ParsedAttestationCsr.Parse(pem);
        }
        catch (AttestationCsrException e)
        {
            throw LocalProblem.BadRequest(e.Code, e.Message);
        }
    }

    private static SgxReport ParseReport(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.ValidationFailed, "report must be base64.");
        }

        if (bytes.Length != SgxReport.Size)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.ReportMalformed, $"An SGX REPORT is {SgxReport.Size} bytes, not {bytes.Length}.");
        }

        return SgxReport.Parse(bytes);
    }
}
