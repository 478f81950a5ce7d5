namespace OpenCcm.Contracts;

/// <summary>
/// <c>POST /v1/nodes</c> body (Fortanix: name, description, ipaddress, sgx_version, attestation_request{ias_quote, csr,
/// attestation_type}). Our extension: <c>attestation_request.evidence</c> (base64; <c>ias_quote</c> is read when it is
/// absent) and <c>attestation_request.format</c> (<c>auto</c> by default), <c>labels</c>.
/// </summary>
public sealed record NodeEnrollmentRequest(
    string? Name, string? Description, string? Ipaddress, string? SgxVersion, NodeAttestationRequest? AttestationRequest,
    IReadOnlyDictionary<string, string>? Labels);

public sealed record NodeAttestationRequest(string? Evidence, string? IasQuote, string? Csr, string? AttestationType, string? Format);

/// <summary>Answer of <c>POST /v1/nodes</c>: Fortanix's TaskResult plus the node certificate and its chain.</summary>
public sealed record NodeEnrollmentResponse(
    Guid TaskId, string TaskType, string TaskStatus, Guid NodeId, string Certificate, string CaChain, bool Simulated);

public sealed record NodeStatusInfo(string Status, long CreatedAt, long StatusUpdatedAt, long? LastSeenAt, string? LastSeenVersion);

/// <summary>A node (Fortanix: node_id, name, description, acct_id, ipaddress, zone_id, attested_at, certificate, labels, status, platform).</summary>
public sealed record NodeResponse(
    Guid NodeId, string Name, string? Description, Guid AcctId, string? Ipaddress, Guid ZoneId, long? AttestedAt, string? CertificateSerial,
    IReadOnlyDictionary<string, string> Labels, NodeStatusInfo Status, string Platform, string? TcbStatus, bool Simulated,
    IReadOnlyDictionary<string, string> PlatformIdentifiers);
