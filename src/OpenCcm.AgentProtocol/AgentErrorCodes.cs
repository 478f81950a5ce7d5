namespace OpenCcm.AgentProtocol;

/// <summary>Stable <c>code</c> values of the node agent's problem details (docs/node-agent.md lists them with their HTTP status).</summary>
public static class AgentErrorCodes
{
    /// <summary>400: the body is not the JSON expected.</summary>
    public const string MalformedJson = "MalformedJson";

    /// <summary>400: a field is missing or not of the right form (base64, PEM, uuid).</summary>
    public const string ValidationFailed = "ValidationFailed";

    /// <summary>400: the REPORT is not 432 bytes.</summary>
    public const string ReportMalformed = "ReportMalformed";

    /// <summary>403: the REPORT's MAC does not verify with the agent enclave's report key (forged, altered, or made for another target).</summary>
    public const string ReportMacInvalid = "ReportMacInvalid";

    /// <summary>403: the REPORT's report data is not SHA-256(CSR SubjectPublicKeyInfo) || 0^32.</summary>
    public const string ReportDataMismatch = "ReportDataMismatch";

    /// <summary>403: the CSR's subject SGX components or its attestationInlineSgxLocal attribute disagree with the REPORT.</summary>
    public const string ReportCsrMismatch = "ReportCsrMismatch";

    /// <summary>400: the CSR cannot be parsed, its signature does not verify, or an attestation component is malformed.</summary>
    public const string CsrInvalid = "CsrInvalid";

    /// <summary>400: CSR #2 lacks the attestationEmbeddedFqpe attribute.</summary>
    public const string CsrAttestationMissing = "CsrAttestationMissing";

    /// <summary>403: the embedded attestation certificate is not this agent's (node key), is expired, lacks the REPORT, or names another key.</summary>
    public const string AttestationCertificateInvalid = "AttestationCertificateInvalid";

    /// <summary>503: the agent has no node certificate (not enrolled yet, or re-enrolling).</summary>
    public const string NodeNotEnrolled = "NodeNotEnrolled";

    /// <summary>403: the manager said this node is deactivated; the agent refuses workloads.</summary>
    public const string NodeNotActive = "NodeNotActive";

    /// <summary>In a task's reason: the manager could not be reached or answered something unexpected.</summary>
    public const string ManagerUnreachable = "ManagerUnreachable";

    /// <summary>404: no task with this id was handled by this agent (or it was evicted from the bounded task list).</summary>
    public const string TaskNotFound = "TaskNotFound";

    /// <summary>400: the heartbeat payload is not base64 of the JSON expected.</summary>
    public const string HeartbeatPayloadInvalid = "HeartbeatPayloadInvalid";

    /// <summary>400: the heartbeat's certificate is not a PEM certificate.</summary>
    public const string HeartbeatCertificateInvalid = "HeartbeatCertificateInvalid";

    /// <summary>403: the heartbeat's certificate does not chain to the zone root the agent holds (or is not valid now).</summary>
    public const string HeartbeatCertificateUntrusted = "HeartbeatCertificateUntrusted";

    /// <summary>401: the signature does not verify over the payload bytes with the certificate's key.</summary>
    public const string HeartbeatSignatureInvalid = "HeartbeatSignatureInvalid";

    /// <summary>503: the relay buffer is full (the manager has been unreachable for long); retry later.</summary>
    public const string HeartbeatBufferFull = "HeartbeatBufferFull";

    /// <summary>501: this platform offers no local attestation through the agent (only the simulated SGX platform does so far).</summary>
    public const string LocalAttestationUnsupported = "LocalAttestationUnsupported";

    /// <summary>413: the request body is larger than the agent accepts.</summary>
    public const string PayloadTooLarge = "PayloadTooLarge";

    /// <summary>404 / 405: no such endpoint or method.</summary>
    public const string NotFound = "NotFound";

    /// <summary>500: an unexpected failure in the agent.</summary>
    public const string InternalError = "InternalError";
}
