using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>Node status, as Fortanix's <c>status.status</c>.</summary>
public enum NodeStatus
{
    /// <summary>Enrollment (attestation) is under way.</summary>
    [JsonStringEnumMemberName("INPROGRESS")]
    InProgress,

    /// <summary>Attested and reporting.</summary>
    [JsonStringEnumMemberName("RUNNING")]
    Running,

    /// <summary>Stopped reporting (unresponsive) or shut down.</summary>
    [JsonStringEnumMemberName("STOPPED")]
    Stopped,

    /// <summary>Enrollment or attestation failed; see the error report.</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary>Deactivated by an administrator: its certificates are revoked and its requests refused.</summary>
    [JsonStringEnumMemberName("DEACTIVATED")]
    Deactivated,
}
