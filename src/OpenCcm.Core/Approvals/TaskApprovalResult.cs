using OpenCcm.Core.Models;

namespace OpenCcm.Core.Approvals;

/// <summary>The task after a decision, and what the decision did.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Task">The task to store (the same instance when nothing changed).</param>
public sealed record TaskApprovalResult(TaskApprovalOutcome Outcome, ApprovalTask Task)
{
    /// <summary>True when the task changed and must be saved.</summary>
    public bool Changed => Outcome is TaskApprovalOutcome.Recorded or TaskApprovalOutcome.Completed or TaskApprovalOutcome.Denied;

    /// <summary>True when the decision closed the task (SUCCESS or DENIED).</summary>
    public bool Closed => Outcome is TaskApprovalOutcome.Completed or TaskApprovalOutcome.Denied;
}
