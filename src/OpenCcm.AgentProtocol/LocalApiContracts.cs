using System.Text.Json.Serialization;

namespace OpenCcm.AgentProtocol;

/// <summary><c>GET /v1/sys/version</c>.</summary>
public sealed record AgentVersionResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("api_version")] string ApiVersion,
    [property: JsonPropertyName("node_id")] Guid? NodeId,
    [property: JsonPropertyName("platform")] string Platform);

/// <summary><c>GET /v1/enclave/target-info</c>: base64 of the agent enclave's 512-byte TARGETINFO (Fortanix's camelCase name).</summary>
public sealed record TargetInfoResponse([property: JsonPropertyName("targetInfo")] string TargetInfo);

/// <summary><c>POST /v1/enclave/attest</c>: base64 of the workload's 432-byte REPORT for the agent, and CSR #1 (PEM).</summary>
public sealed record AttestRequest(
    [property: JsonPropertyName("report")] string? Report,
    [property: JsonPropertyName("attestation_csr")] string? AttestationCsr);

/// <summary>
/// Answer of <c>POST /v1/enclave/attest</c>: the attestation certificate (signed with the node key, carrying the REPORT),
/// the node certificate (PEM) and a REPORT for the workload whose report data binds the attestation certificate.
/// </summary>
public sealed record AttestResponse(
    [property: JsonPropertyName("attestation_certificate")] string AttestationCertificate,
    [property: JsonPropertyName("node_certificate")] string NodeCertificate,
    [property: JsonPropertyName("fqpe_report")] string FqpeReport);

/// <summary><c>POST /v1/certificate/issue</c>: CSR #2 (PEM) with the attestationEmbeddedFqpe attribute.</summary>
public sealed record IssueCertificateRequest([property: JsonPropertyName("csr")] string? Csr);

/// <summary>
/// A certificate task (<c>/v1/certificate/issue</c> and <c>/v1/certificate/result/{task_id}</c>): its status (<see cref="TaskStatuses"/>),
/// the certificate and CA chain (PEM) on SUCCESS, the manager's problem as <c>reason</c> otherwise.
/// </summary>
public sealed record CertificateTask(
    [property: JsonPropertyName("task_id")] Guid TaskId,
    [property: JsonPropertyName("task_status")] string TaskStatus,
    [property: JsonPropertyName("certificate")] string? Certificate = null,
    [property: JsonPropertyName("ca_chain")] string? CaChain = null,
    [property: JsonPropertyName("reason")] TaskReason? Reason = null);

/// <summary>Why a task did not succeed: the manager's (or the agent's) problem code and message, and every refused rule.</summary>
public sealed record TaskReason(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("refusals")] IReadOnlyList<TaskRefusal> Refusals);

/// <summary>One refused rule.</summary>
public sealed record TaskRefusal(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

/// <summary>
/// <c>POST /v1/heartbeat</c> (OpenCCM extension): base64 of the payload JSON (<see cref="HeartbeatPayload"/>), base64 of the
/// workload certificate key's signature over exactly those payload bytes, and the workload certificate (PEM).
/// </summary>
public sealed record HeartbeatEnvelope(
    [property: JsonPropertyName("payload")] string? Payload,
    [property: JsonPropertyName("signature")] string? Signature,
    [property: JsonPropertyName("certificate")] string? Certificate);

/// <summary>What a heartbeat says: the instance (chosen by the runtime at start), its sequence number (1, 2, 3…) and state.</summary>
public sealed record HeartbeatPayload(
    [property: JsonPropertyName("instance_id")] Guid InstanceId,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("sent_at")] long SentAt,
    [property: JsonPropertyName("interval_seconds")] int IntervalSeconds,
    [property: JsonPropertyName("exit_code")] int? ExitCode = null);

/// <summary>Answer of an accepted heartbeat (202): <c>{"status": "OK"}</c>.</summary>
public sealed record HeartbeatAccepted([property: JsonPropertyName("status")] string Status);

/// <summary>RFC 7807 problem details with OpenCCM's stable <c>code</c>, as the agent (and the manager) answer refusals.</summary>
public sealed record AgentProblem(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("refusals")] IReadOnlyList<TaskRefusal>? Refusals = null);
