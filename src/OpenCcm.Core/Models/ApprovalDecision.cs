using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>One approver's decision (Fortanix <c>approvals[].status</c>: APPROVED|DENIED).</summary>
public enum ApprovalDecision
{
    /// <summary>Approved.</summary>
    [JsonStringEnumMemberName("APPROVED")]
    Approved,

    /// <summary>Denied.</summary>
    [JsonStringEnumMemberName("DENIED")]
    Denied,
}
