namespace OpenCcm.Contracts;

/// <summary>A node agent's heartbeat (<c>POST /v1/node/status</c>, node mTLS): its name, address, own status and version.</summary>
public sealed record NodeStatusReport(string? Name, string? Ipaddress, string? Status, string? Version);

/// <summary>The zone's node policy, in seconds: how often to report, and how long before expiry to renew the node certificate.</summary>
public sealed record NodeStatusReply(long NodeRefreshInterval, long NodeRenewalThreshold);
