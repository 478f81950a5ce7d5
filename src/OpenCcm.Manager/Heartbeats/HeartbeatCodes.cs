namespace OpenCcm.Manager.Heartbeats;

/// <summary>Stable codes of refused heartbeats, reported per item in <c>rejected</c> (docs/api-errors.md).</summary>
internal static class HeartbeatCodes
{
    /// <summary>Payload or signature not base64, payload not the heartbeat JSON, a field missing or out of range, or the serial not hex.</summary>
    public const string Malformed = "HeartbeatMalformed";

    /// <summary>No workload certificate with this serial was issued to the calling node (unknown, a node certificate, or another node's).</summary>
    public const string CertificateUnknown = "HeartbeatCertificateUnknown";

    /// <summary>The workload certificate is no longer ISSUED (revoked, e.g. by the node's deactivation).</summary>
    public const string CertificateRevoked = "HeartbeatCertificateRevoked";

    /// <summary>The instance id is already known for another app, node or account.</summary>
    public const string InstanceMismatch = "HeartbeatInstanceMismatch";
}
