namespace OpenCcm.Core.Models;

/// <summary>One approver's decision (Fortanix <c>approvals[].status</c>: APPROVED|DENIED).</summary>
public enum ApprovalDecision
{
    /// <summary>Approved.</summary>
    Approved,

    /// <summary>Denied.</summary>
    Denied,
}
