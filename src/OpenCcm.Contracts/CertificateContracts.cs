namespace OpenCcm.Contracts;

/// <summary>
/// <c>POST /v1/certificates</c> by a node agent (node mTLS). Fortanix: {csr, node_id}. Ours: <c>evidence</c> (base64 of a
/// 432-byte SGX REPORT the agent verified locally), <c>format</c> (<c>sgx-report</c>, the default) and <c>app_id</c>.
/// </summary>
public sealed record CertificateIssueRequest(string? Csr, Guid? NodeId, string? Evidence, string? Format, Guid? AppId);

/// <summary>An issued workload certificate, Fortanix-like: the CERTIFICATE_ISSUANCE task, the certificate and its CA chain (PEM).</summary>
public sealed record CertificateIssueResponse(Guid TaskId, string TaskStatus, Guid CertificateId, string Certificate, string CaChain, bool Simulated);

/// <summary>A stored certificate (node or workload).</summary>
public sealed record CertificateResponse(
    Guid CertificateId, string Status, string Serial, Guid ZoneId, Guid? NodeId, Guid? AppId, Guid? BuildId, string? Subject,
    IReadOnlyList<string> DnsNames, string? Certificate, long? NotBefore, long? NotAfter, long? RevokedAt, string? Reason, bool Simulated);

/// <summary><c>POST /v1/certificates/{id}/revoke</c>: an RFC 5280 reason name (default <c>unspecified</c>).</summary>
public sealed record CertificateRevokeRequest(string? Reason);
