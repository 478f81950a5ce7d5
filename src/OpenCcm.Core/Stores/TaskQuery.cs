using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Which tasks to list.</summary>
public sealed record TaskQuery
{
    /// <summary>The account (required).</summary>
    public required Guid AccountId { get; init; }

    /// <summary>Only this status.</summary>
    public ApprovalTaskStatus? Status { get; init; }

    /// <summary>Only this type.</summary>
    public TaskType? TaskType { get; init; }

    /// <summary>Only tasks about this entity.</summary>
    public Guid? EntityId { get; init; }
}
