using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>Task status (Fortanix <c>status.status</c>: INPROGRESS|FAILED|SUCCESS|DENIED).</summary>
public enum ApprovalTaskStatus
{
    /// <summary>Waiting for approvals.</summary>
    [JsonStringEnumMemberName("INPROGRESS")]
    InProgress,

    /// <summary>Could not be carried out.</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary>Approved by enough distinct approvers.</summary>
    [JsonStringEnumMemberName("SUCCESS")]
    Success,

    /// <summary>Denied by an approver.</summary>
    [JsonStringEnumMemberName("DENIED")]
    Denied,
}
