namespace OpenCcm.Contracts;

/// <summary>
/// An app instance known from its heartbeats (<c>GET /v1/instances</c>): <c>status</c> RUNNING, UNRESPONSIVE or
/// STOPPED; <c>message_count</c> accepted heartbeats; <c>last_sequence</c>; times as Unix seconds (<c>last_seen</c> is
/// when the manager accepted the latest heartbeat).
/// </summary>
public sealed record InstanceResponse(
    Guid InstanceId, Guid AcctId, Guid AppId, Guid? BuildId, Guid NodeId, Guid CertificateId, string Status, long MessageCount, long LastSequence,
    long CreatedAt, long LastSeen, long StatusUpdatedAt, int IntervalSeconds, int? ExitCode, long? LastSentAt);
