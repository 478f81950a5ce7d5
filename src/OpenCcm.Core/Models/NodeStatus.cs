namespace OpenCcm.Core.Models;

/// <summary>Node status, as Fortanix's <c>status.status</c>.</summary>
public enum NodeStatus
{
    /// <summary>Enrollment (attestation) is under way.</summary>
    InProgress,

    /// <summary>Attested and reporting.</summary>
    Running,

    /// <summary>Stopped reporting (unresponsive) or shut down.</summary>
    Stopped,

    /// <summary>Enrollment or attestation failed; see the error report.</summary>
    Failed,

    /// <summary>Deactivated by an administrator: its certificates are revoked and its requests refused.</summary>
    Deactivated,
}
