using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenCcm.Agent.Manager;
using OpenCcm.AgentProtocol;
using OpenCcm.Contracts;

namespace OpenCcm.Agent.LocalApi;

/// <summary>
/// <c>/v1/certificate/issue</c> (reference/fortanix-ccm.md §2.4 steps 5-7): checks CSR #2's embedded attestation
/// certificate is this agent's and names the CSR's key, then forwards <c>POST /v1/certificates {csr, node_id, evidence:
/// base64(REPORT), format: "sgx-report"}</c> over mTLS and maps the answer to a task: 201 → SUCCESS; 403 CertificateRefused
/// → DENIED with the manager's reason; any other refusal → FAILED with it; no answer → FAILED ManagerUnreachable.
/// </summary>
internal sealed class IssuanceForwarder(AgentOptions options, NodeSession session, TaskRegistry tasks, ILogger logger)
{
    private const string CertificateRefused = "CertificateRefused";

    public async Task<CertificateTask> IssueAsync(IssueCertificateRequest request, CancellationToken cancellationToken)
    {
        var node = WorkloadAttestation.RequireUsableNode(session);
        if (request.Csr is null)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.ValidationFailed, "csr (PEM) is required.");
        }

        var csr = WorkloadAttestation.ParseCsr(request.Csr);
        var embedded = csr.EmbeddedFqpe
            ?? throw LocalProblem.BadRequest(AgentErrorCodes.CsrAttestationMissing, $"The CSR lacks the attestationEmbeddedFqpe attribute ({FortanixOids.AttestationEmbeddedFqpe}).");
        var report = AttestationCertificates.Verify(node, embedded.AttestationCertificate, csr.SubjectPublicKeyInfo, options.Time.GetUtcNow());

        var task = await ForwardAsync(new CertificateIssueRequest(request.Csr, node.NodeId, Convert.ToBase64String(report.Raw.Span), "sgx-report", null), cancellationToken)
            .ConfigureAwait(false);
        tasks.Add(task);
        return task;
    }

    public CertificateTask Result(Guid taskId) =>
        tasks.Find(taskId) ?? throw new LocalProblem(404, AgentErrorCodes.TaskNotFound, $"This agent handled no task {taskId} (or has forgotten it).");

    private async Task<CertificateTask> ForwardAsync(CertificateIssueRequest forwarded, CancellationToken cancellationToken)
    {
        ManagerAnswer answer;
        try
        {
            answer = await session.PostAsync("v1/certificates", forwarded, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Forwarding a certificate request failed: {Message}", e.Message);
            return Failed(AgentErrorCodes.ManagerUnreachable, $"The manager could not be reached: {e.Message}");
        }

        if (answer.Problem is { } problem)
        {
            var status = problem.Code == CertificateRefused ? TaskStatuses.Denied : TaskStatuses.Failed;
            return new CertificateTask(Guid.NewGuid(), status, Reason: problem.ToReason());
        }

        try
        {
            var issued = answer.Read<CertificateIssueResponse>();
            return new CertificateTask(issued.TaskId, issued.TaskStatus, issued.Certificate, issued.CaChain);
        }
        catch (JsonException e)
        {
            return Failed(AgentErrorCodes.ManagerUnreachable, $"The manager's answer is not the JSON expected: {e.Message}");
        }
    }

    private static CertificateTask Failed(string code, string message) => new(Guid.NewGuid(), TaskStatuses.Failed, Reason: new TaskReason(code, message, []));
}
