using OpenCcm.Core.Approvals;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>
/// Applies an approver's decision with <see cref="TaskApprovals"/> (k distinct approvers complete a task, one denial
/// ends it, one decision per user, none on a closed task) and, when the task closes, its effect on the build or app,
/// in one transaction with the task update and the audit entries. A concurrent decision on the same task
/// (<see cref="ConcurrencyException"/>) is retried once against the fresh task. Refused decisions are audited too.
/// </summary>
internal sealed class TaskDecisions(ITaskStore tasks, TaskEffects effects, IAuditStore audit, IStoreTransactions transactions, TimeProvider time)
{
    public async Task<(TaskDecisionOutcome Outcome, ApprovalTask? Task)> DecideAsync(
        Caller caller, Guid taskId, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryDecideAsync(caller, taskId, decision, cancellationToken);
            }
            catch (ConcurrencyException) when (attempt == 0)
            {
                // Another approver's decision landed between our read and write: decide again on the fresh task.
            }
            catch (ConcurrencyException)
            {
                return (TaskDecisionOutcome.Concurrent, null);
            }
        }
    }

    private async Task<(TaskDecisionOutcome, ApprovalTask?)> TryDecideAsync(
        Caller caller, Guid taskId, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var action = decision == ApprovalDecision.Approved ? "task.approve" : "task.deny";
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        var task = await tasks.GetAsync(taskId, cancellationToken);
        if (task is null || task.AccountId != caller.AccountId)
        {
            return (TaskDecisionOutcome.NotFound, null);
        }

        var result = TaskApprovals.Decide(task, caller.UserId, caller.Email, decision, now);
        if (!result.Changed)
        {
            var refusal = result.Outcome == TaskApprovalOutcome.AlreadyDecided ? TaskDecisionOutcome.AlreadyDecided : TaskDecisionOutcome.TaskClosed;
            await audit.AppendAsync(Audit.Entry(now, task.AccountId, caller.Email, action, "task:" + taskId, AuditOutcome.Denied,
                new { code = refusal.ToString(), task_status = WireNames.Of(task.Status) }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (refusal, task);
        }

        var updated = await tasks.UpdateAsync(result.Task, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, task.AccountId, caller.Email, action, "task:" + taskId, AuditOutcome.Success, new
        {
            task_type = WireNames.Of(task.TaskType), entity_id = task.EntityId, task_status = WireNames.Of(updated.Status),
            approvals = TaskApprovals.DistinctApprovers(updated.Approvals), approvals_required = updated.ApprovalsRequired,
        }), cancellationToken);
        if (result.Closed)
        {
            updated = await effects.ApplyAsync(caller, updated, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (TaskDecisionOutcome.Recorded, updated);
    }
}
