using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenCcm.AgentProtocol;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Runtime.Identity;

namespace OpenCcm.Runtime.Certificates;

/// <summary>
/// Obtains a certificate by Fortanix's local attestation flow (reference/fortanix-ccm.md §2.4, CONTRACTS-5.md):
/// key → target-info → REPORT binding SHA-256(SPKI) || 0^32 → CSR #1 → <c>/enclave/attest</c> → the agent's
/// <c>fqpe_report</c> checked with our own report key and bound to the attestation certificate → CSR #2 →
/// <c>/certificate/issue</c> → polled while INPROGRESS.
/// </summary>
public sealed class LocalAttestationIssuer
{
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(1);
    private readonly NodeAgentClient _agent;
    private readonly IEnclavePlatform _enclave;
    private readonly TimeSpan _pollTimeout;

    public LocalAttestationIssuer(NodeAgentClient agent, IEnclavePlatform enclave, TimeSpan? pollTimeout = null)
    {
        _agent = agent;
        _enclave = enclave;
        _pollTimeout = pollTimeout ?? TimeSpan.FromMinutes(2);
    }

    /// <exception cref="RuntimeStartException">Refused by the manager, the agent, or the agent's answer failed our checks.</exception>
    public async Task<WorkloadCredential> IssueAsync(CertificateSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = KeyFactory.Create(spec);
        try
        {
            return await IssueWithKeyAsync(spec, key, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private async Task<WorkloadCredential> IssueWithKeyAsync(CertificateSpec spec, AsymmetricAlgorithm key, CancellationToken cancellationToken)
    {
        var dnsNames = spec.DnsNames();
        var spki = key.ExportSubjectPublicKeyInfo();

        var target = await Agent(() => _agent.GetTargetInfoAsync(cancellationToken), "target-info").ConfigureAwait(false);
        var reportBytes = _enclave.CreateReport(target, ReportDataBinding.For(spki));
        var report = SgxReport.Parse(reportBytes);
        var csr1 = AttestationCsr.CreateLocal(key, spec.Subject, dnsNames, report);

        var attested = await Agent(() => _agent.AttestAsync(reportBytes, AttestationCsr.ToPem(csr1), cancellationToken), "enclave/attest")
            .ConfigureAwait(false);
        var (attestationCertificate, nodeCertificate) = CheckAttestation(attested, target);

        var csr2 = AttestationCsr.CreateEmbeddedFqpe(key, spec.Subject, dnsNames, report.Body, attestationCertificate, nodeCertificate);
        var task = await Agent(() => _agent.IssueAsync(AttestationCsr.ToPem(csr2), cancellationToken), "certificate/issue").ConfigureAwait(false);
        task = await PollAsync(task, spec, cancellationToken).ConfigureAwait(false);
        return Accept(task, spec, key, spki);
    }

    /// <summary>
    /// The agent's answer must come from the enclave whose TARGETINFO we used: its <c>fqpe_report</c> verifies with our
    /// report key (local attestation in the other direction), names that enclave's MRENCLAVE, and binds the attestation
    /// certificate it returned (report data = SHA-256(certificate DER) || 0^32).
    /// </summary>
    private (byte[] AttestationCertificate, byte[] NodeCertificate) CheckAttestation(AttestResponse attested, SgxTargetInfo target)
    {
        byte[] attestationCertificate, nodeCertificate;
        SgxReport fqpeReport;
        try
        {
            attestationCertificate = PemDer("CERTIFICATE", attested.AttestationCertificate);
            nodeCertificate = PemDer("CERTIFICATE", attested.NodeCertificate);
            fqpeReport = SgxReport.Parse(Convert.FromBase64String(attested.FqpeReport));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or EvidenceFormatException)
        {
            throw new RuntimeStartException(RuntimeExitCodes.AgentUnavailable, $"the agent's attestation answer is malformed: {e.Message}", e);
        }

        if (!_enclave.VerifyReportForSelf(fqpeReport))
        {
            throw new RuntimeStartException(
                RuntimeExitCodes.AgentUnavailable,
                "the agent's fqpe_report does not verify with this enclave's report key: it was not made by an enclave on this platform for this workload");
        }

        if (!CryptographicOperations.FixedTimeEquals(fqpeReport.Body.MrEnclave, target.Measurement))
        {
            throw new RuntimeStartException(
                RuntimeExitCodes.AgentUnavailable, "the agent's fqpe_report comes from another enclave than the one whose target info it gave");
        }

        if (!ReportDataBinding.Matches(fqpeReport.Body.ReportData, attestationCertificate))
        {
            throw new RuntimeStartException(
                RuntimeExitCodes.AgentUnavailable, "the agent's fqpe_report does not bind the attestation certificate it returned");
        }

        return (attestationCertificate, nodeCertificate);
    }

    private async Task<CertificateTask> PollAsync(CertificateTask task, CertificateSpec spec, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(25);
        var deadline = DateTime.UtcNow + _pollTimeout;
        while (task.TaskStatus == TaskStatuses.InProgress)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new RuntimeStartException(
                    RuntimeExitCodes.AgentUnavailable, $"certificate for {spec.Subject}: task {task.TaskId} still in progress after {_pollTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = delay * 2 < MaxPollDelay ? delay * 2 : MaxPollDelay;
            var taskId = task.TaskId;
            task = await Agent(() => _agent.GetResultAsync(taskId, cancellationToken), "certificate/result").ConfigureAwait(false);
        }

        return task;
    }

    private static WorkloadCredential Accept(CertificateTask task, CertificateSpec spec, AsymmetricAlgorithm key, byte[] spki)
    {
        if (task.TaskStatus != TaskStatuses.Success)
        {
            throw new RuntimeStartException(RuntimeExitCodes.CertificateRefused, RefusalMessage(task, spec));
        }

        if (string.IsNullOrWhiteSpace(task.Certificate))
        {
            throw new RuntimeStartException(RuntimeExitCodes.AgentUnavailable, $"certificate for {spec.Subject}: SUCCESS without a certificate");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(PemDer("CERTIFICATE", task.Certificate));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new RuntimeStartException(RuntimeExitCodes.AgentUnavailable, $"certificate for {spec.Subject}: not a PEM certificate: {e.Message}", e);
        }

        if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki))
        {
            certificate.Dispose();
            throw new RuntimeStartException(RuntimeExitCodes.AgentUnavailable, $"certificate for {spec.Subject}: issued for another key");
        }

        var leafPem = PemEncoding.WriteString("CERTIFICATE", certificate.RawData) + "\n";
        return new WorkloadCredential(certificate, key, leafPem, NormalizePem(task.CaChain));
    }

    /// <summary>"certificate for X refused (DENIED): code: message; refusals: code: message, ...".</summary>
    public static string RefusalMessage(CertificateTask task, CertificateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(spec);
        var text = new StringBuilder($"certificate for {spec.Subject} refused ({task.TaskStatus})");
        if (task.Reason is { } reason)
        {
            text.Append(": ").Append(reason.Code).Append(": ").Append(reason.Message);
            foreach (var refusal in reason.Refusals ?? [])
            {
                text.Append("\n  - ").Append(refusal.Code).Append(": ").Append(refusal.Message);
            }
        }

        return text.ToString();
    }

    private static async Task<T> Agent<T>(Func<Task<T>> call, string step)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (NodeAgentException e)
        {
            var exitCode = e.Status is 401 or 403 ? RuntimeExitCodes.CertificateRefused : RuntimeExitCodes.AgentUnavailable;
            var refusals = string.Concat(e.Refusals.Select(r => $"\n  - {r.Code}: {r.Message}"));
            throw new RuntimeStartException(exitCode, $"node agent refused {step} ({e.Code}): {e.Message}{refusals}", e);
        }
    }

    private static byte[] PemDer(string label, string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new FormatException($"no {label} PEM");
        }

        var fields = PemEncoding.Find(pem);
        if (!pem.AsSpan()[fields.Label].SequenceEqual(label))
        {
            throw new FormatException($"expected a {label} PEM block");
        }

        return Convert.FromBase64String(pem[fields.Base64Data]);
    }

    private static string NormalizePem(string? pem) =>
        string.IsNullOrWhiteSpace(pem) ? string.Empty : pem.Trim() + "\n";
}
