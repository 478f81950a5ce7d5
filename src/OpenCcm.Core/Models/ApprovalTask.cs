namespace OpenCcm.Core.Models;

/// <summary>
/// An allowlisting decision waiting for approvers (Fortanix Task: <c>task_id, entity_id, task_type, status,
/// approvals, domains_added, domains_removed, requester_info</c>). The rules of approving live in
/// <see cref="Approvals.TaskApprovals"/>.
/// </summary>
public sealed record ApprovalTask
{
    /// <summary>Identifier (<c>task_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>What is decided.</summary>
    public required TaskType TaskType { get; init; }

    /// <summary>The app, build, node or certificate the task is about (<c>entity_id</c>).</summary>
    public required Guid EntityId { get; init; }

    /// <summary>Human-readable summary.</summary>
    public string? Description { get; init; }

    /// <summary>Domains the task adds (DOMAIN_WHITELIST).</summary>
    public IReadOnlyList<string> DomainsAdded { get; init; } = [];

    /// <summary>Domains the task removes (DOMAIN_WHITELIST).</summary>
    public IReadOnlyList<string> DomainsRemoved { get; init; } = [];

    /// <summary>Who asked.</summary>
    public required TaskRequester Requester { get; init; }

    /// <summary>Current status.</summary>
    public required ApprovalTaskStatus Status { get; init; }

    /// <summary>Distinct approvals needed, taken from the zone policy when the task was opened.</summary>
    public int ApprovalsRequired { get; init; } = 1;

    /// <summary>Decisions so far, at most one per user, in the order they were made.</summary>
    public IReadOnlyList<TaskApproval> Approvals { get; init; } = [];

    /// <summary>When the task was opened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
