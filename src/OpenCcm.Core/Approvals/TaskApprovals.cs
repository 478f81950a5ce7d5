using OpenCcm.Core.Models;

namespace OpenCcm.Core.Approvals;

/// <summary>
/// The quorum rule of allowlisting tasks (DESIGN.md §3.2): a task succeeds once
/// <see cref="ApprovalTask.ApprovalsRequired"/> DISTINCT users approved it; one denial ends it; each user decides
/// at most once; a closed task takes no more decisions. Pure: the caller stores the returned task (with its version,
/// so two racing approvers cannot both count against the same snapshot).
/// </summary>
public static class TaskApprovals
{
    /// <summary>Applies <paramref name="userId"/>'s <paramref name="decision"/> to <paramref name="task"/>.</summary>
    public static TaskApprovalResult Decide(ApprovalTask task, Guid userId, string userName, ApprovalDecision decision, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(userName);
        if (task.Status != ApprovalTaskStatus.InProgress)
        {
            return new TaskApprovalResult(TaskApprovalOutcome.TaskClosed, task);
        }

        if (task.Approvals.Any(a => a.UserId == userId))
        {
            return new TaskApprovalResult(TaskApprovalOutcome.AlreadyDecided, task);
        }

        var approvals = task.Approvals.Append(new TaskApproval(userId, userName, decision, at)).ToArray();
        var updated = task with { Approvals = approvals, UpdatedAt = at };
        if (decision == ApprovalDecision.Denied)
        {
            return new TaskApprovalResult(TaskApprovalOutcome.Denied, updated with { Status = ApprovalTaskStatus.Denied });
        }

        return DistinctApprovers(approvals) >= Math.Max(1, task.ApprovalsRequired)
            ? new TaskApprovalResult(TaskApprovalOutcome.Completed, updated with { Status = ApprovalTaskStatus.Success })
            : new TaskApprovalResult(TaskApprovalOutcome.Recorded, updated);
    }

    /// <summary>How many distinct users approved (duplicates in stored data count once).</summary>
    public static int DistinctApprovers(IEnumerable<TaskApproval> approvals)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        return approvals.Where(a => a.Decision == ApprovalDecision.Approved).Select(a => a.UserId).Distinct().Count();
    }
}
