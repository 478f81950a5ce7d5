using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>tasks</c>; approvals are a JSON array guarded by the version (one decision per user is the manager's rule).</summary>
public class TaskEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public TaskType TaskType { get; set; }
    public Guid EntityId { get; set; }
    public string? Description { get; set; }

    /// <summary>JSON array.</summary>
    public string DomainsAdded { get; set; } = "[]";

    /// <summary>JSON array.</summary>
    public string DomainsRemoved { get; set; } = "[]";

    /// <summary>JSON object.</summary>
    public string Requester { get; set; } = "{}";
    public ApprovalTaskStatus Status { get; set; }
    public int ApprovalsRequired { get; set; }

    /// <summary>JSON array.</summary>
    public string Approvals { get; set; } = "[]";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
