using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>
/// What a closed task does (reference §2.3): a BUILD_WHITELIST task makes its build WHITELISTED (SUCCESS) or REJECTED
/// (DENIED); a DOMAIN_WHITELIST task moves its domains into the app's whitelisted_domains (SUCCESS) or leaves them
/// unchanged and resets allowed_domains to them (DENIED). A task whose build or app is gone turns FAILED. Runs inside
/// the decision's transaction.
/// </summary>
internal sealed class TaskEffects(ITaskStore tasks, IAppStore apps, IBuildStore builds, IAuditStore audit)
{
    public async Task<ApprovalTask> ApplyAsync(Caller caller, ApprovalTask task, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var approved = task.Status == ApprovalTaskStatus.Success;
        var applied = task.TaskType switch
        {
            TaskType.BuildWhitelist => await ApplyToBuildAsync(caller, task, approved, now, cancellationToken),
            TaskType.DomainWhitelist => await ApplyToAppAsync(caller, task, approved, now, cancellationToken),
            _ => true,
        };
        return applied
            ? task
            : await tasks.UpdateAsync(task with { Status = ApprovalTaskStatus.Failed, Description = $"{task.Description} (its subject no longer exists)", UpdatedAt = now }, cancellationToken);
    }

    private async Task<bool> ApplyToBuildAsync(Caller caller, ApprovalTask task, bool approved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var build = await builds.GetAsync(task.EntityId, cancellationToken);
        if (build is null || build.AccountId != task.AccountId)
        {
            return false;
        }

        var status = approved ? BuildStatus.Whitelisted : BuildStatus.Rejected;
        await builds.UpdateAsync(build with
        {
            Status = status, PendingTaskId = build.PendingTaskId == task.Id ? null : build.PendingTaskId, UpdatedAt = now,
        }, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, task.AccountId, caller.Email, approved ? "build.whitelist" : "build.reject", "build:" + build.Id,
            AuditOutcome.Success, new { task = task.Id, status = WireNames.Of(status) }), cancellationToken);
        return true;
    }

    private async Task<bool> ApplyToAppAsync(Caller caller, ApprovalTask task, bool approved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var app = await apps.GetAsync(task.EntityId, cancellationToken);
        if (app is null || app.AccountId != task.AccountId)
        {
            return false;
        }

        var pending = app.PendingTaskId == task.Id ? null : app.PendingTaskId;
        var updated = approved
            ? app with { WhitelistedDomains = DomainNames.Apply(app.WhitelistedDomains, task.DomainsAdded, task.DomainsRemoved), PendingTaskId = pending, UpdatedAt = now }
            : app with { AllowedDomains = app.WhitelistedDomains, PendingTaskId = pending, UpdatedAt = now };
        updated = await apps.UpdateAsync(updated, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, task.AccountId, caller.Email, approved ? "app.domains.approve" : "app.domains.deny", "app:" + app.Id,
            AuditOutcome.Success, new { task = task.Id, whitelisted_domains = updated.WhitelistedDomains }), cancellationToken);
        return true;
    }
}
