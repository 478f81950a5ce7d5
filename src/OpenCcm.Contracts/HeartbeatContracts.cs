namespace OpenCcm.Contracts;

/// <summary>
/// <c>POST /v1/heartbeats</c> by a node agent (node mTLS): the workload heartbeats it verified and relays, in order.
/// </summary>
public sealed record HeartbeatBatchRequest(IReadOnlyList<HeartbeatItem?>? Heartbeats);

/// <summary>
/// One relayed heartbeat: <c>payload</c> is base64 of the runtime's JSON (<see cref="HeartbeatPayload"/>),
/// <c>signature</c> base64 of the workload key's signature over exactly those bytes (checked by the agent), and
/// <c>certificate_serial</c> the serial (hex) of the workload certificate whose key signed.
/// </summary>
public sealed record HeartbeatItem(string? Payload, string? Signature, string? CertificateSerial);

/// <summary>
/// The runtime's heartbeat: <c>instance_id</c> (chosen at start), <c>sequence</c> (1, 2, 3, ...), <c>status</c>
/// (<c>running</c> or <c>stopped</c>), <c>sent_at</c> (Unix seconds), <c>interval_seconds</c>, <c>exit_code</c> (on stop).
/// </summary>
public sealed record HeartbeatPayload(Guid? InstanceId, long? Sequence, string? Status, long? SentAt, int? IntervalSeconds, int? ExitCode);

/// <summary>
/// Answer of <c>POST /v1/heartbeats</c> once the batch is committed: <c>accepted</c> heartbeats, <c>ignored</c> ones
/// (duplicates, and every refused one), and for each refused one its index in the request and a stable code.
/// </summary>
public sealed record HeartbeatBatchResponse(int Accepted, int Ignored, IReadOnlyList<HeartbeatRejection> Rejected);

/// <summary>A refused heartbeat: its index in the request and why (e.g. <c>HeartbeatCertificateUnknown</c>).</summary>
public sealed record HeartbeatRejection(int Index, string Code);
