namespace OpenCcm.Core.Models;

/// <summary>Task status (Fortanix <c>status.status</c>: INPROGRESS|FAILED|SUCCESS|DENIED).</summary>
public enum ApprovalTaskStatus
{
    /// <summary>Waiting for approvals.</summary>
    InProgress,

    /// <summary>Could not be carried out.</summary>
    Failed,

    /// <summary>Approved by enough distinct approvers.</summary>
    Success,

    /// <summary>Denied by an approver.</summary>
    Denied,
}
