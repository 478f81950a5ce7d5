using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.AgentProtocol;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Agent.Tests;

/// <summary>What a workload (the runtime) does with the agent's local API, step by step (reference/fortanix-ccm.md §2.4).</summary>
internal sealed class SimulatedWorkload(SimulatedSgxPlatform platform, SimulatedEnclave enclave, NodeAgentClient agent) : IDisposable
{
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public SgxReport? Report { get; private set; }

    public string? Csr1 { get; private set; }

    /// <summary>EREPORT for the agent's TARGETINFO with report data binding the key, and CSR #1.</summary>
    public async Task<(byte[] Report, string Csr)> PrepareAsync(string domain)
    {
        var target = await agent.GetTargetInfoAsync();
        var report = platform.CreateReport(target, enclave, ReportDataBinding.For(Key.ExportSubjectPublicKeyInfo()));
        Report = SgxReport.Parse(report);
        Csr1 = AttestationCsr.ToPem(AttestationCsr.CreateLocal(Key, domain, [domain], Report));
        return (report, Csr1);
    }

    /// <summary>Local attestation then issuance; checks the agent's fqpe_report as the workload would.</summary>
    public async Task<CertificateTask> GetCertificateAsync(string domain)
    {
        var (report, csr) = await PrepareAsync(domain);
        var attested = await agent.AttestAsync(report, csr);
        using var attestationCertificate = X509Certificate2.CreateFromPem(attested.AttestationCertificate);
        var fqpe = SgxReport.Parse(Convert.FromBase64String(attested.FqpeReport));
        var verdict = platform.CreateReportVerifier(enclave.TargetInfo).Verify(fqpe.Raw, new Attestation.VerificationContext { Time = DateTimeOffset.UtcNow, AllowSimulated = true });
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.True(ReportDataBinding.Matches(fqpe.Body.ReportData, attestationCertificate.RawData));

        using var node = X509Certificate2.CreateFromPem(attested.NodeCertificate);
        var csr2 = AttestationCsr.CreateEmbeddedFqpe(Key, domain, [domain], Report!.Body, attestationCertificate.RawData, node.RawData);
        return await agent.IssueAsync(AttestationCsr.ToPem(csr2));
    }

    public void Dispose() => Key.Dispose();
}
