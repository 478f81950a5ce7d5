using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>
/// Opens and abandons allowlisting tasks, inside the caller's store transaction. A task needs as many distinct
/// approvals as the policy of the account's default zone requires when it opens (ZonePolicy.ApprovalsRequired).
/// </summary>
internal sealed class AllowlistTasks(IAccountStore accounts, IZoneStore zones, ITaskStore tasks, IAuditStore audit)
{
    public async Task<ApprovalTask> OpenAsync(
        Caller caller, TaskType type, Guid entityId, string description, IReadOnlyList<string> domainsAdded, IReadOnlyList<string> domainsRemoved,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var accountId = caller.AccountId ?? throw new InvalidOperationException("Tasks belong to the caller's selected account.");
        var task = await tasks.CreateAsync(new ApprovalTask
        {
            Id = Guid.NewGuid(), AccountId = accountId, TaskType = type, EntityId = entityId, Description = description,
            DomainsAdded = domainsAdded, DomainsRemoved = domainsRemoved,
            Requester = new TaskRequester { Type = RequesterType.User, UserId = caller.UserId, UserName = caller.Email },
            Status = ApprovalTaskStatus.InProgress, ApprovalsRequired = await ApprovalsRequiredAsync(accountId, cancellationToken),
            CreatedAt = now, UpdatedAt = now,
        }, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, accountId, caller.Email, "task.open", "task:" + task.Id, AuditOutcome.Success, new
        {
            task_type = WireNames.Of(type), entity_id = entityId, approvals_required = task.ApprovalsRequired,
            domains_added = domainsAdded, domains_removed = domainsRemoved,
        }), cancellationToken);
        return task;
    }

    /// <summary>Marks the task FAILED if it is still in progress (its app or build is being deleted).</summary>
    public async Task AbandonAsync(Caller caller, Guid? taskId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (taskId is not { } id || await tasks.GetAsync(id, cancellationToken) is not { Status: ApprovalTaskStatus.InProgress } task
            || task.AccountId != caller.AccountId)
        {
            return;
        }

        await tasks.UpdateAsync(task with { Status = ApprovalTaskStatus.Failed, Description = $"{task.Description} ({reason})", UpdatedAt = now }, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, task.AccountId, caller.Email, "task.fail", "task:" + id, AuditOutcome.Success, new { reason }), cancellationToken);
    }

    private async Task<int> ApprovalsRequiredAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken);
        var zone = account?.DefaultZoneId is { } zoneId ? await zones.GetAsync(zoneId, cancellationToken) : null;
        return Math.Max(1, zone?.Policy.ApprovalsRequired ?? ZonePolicy.Default.ApprovalsRequired);
    }
}
