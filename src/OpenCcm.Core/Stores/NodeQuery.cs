using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Which nodes to list.</summary>
public sealed record NodeQuery
{
    /// <summary>The account (required: lists never cross accounts).</summary>
    public required Guid AccountId { get; init; }

    /// <summary>Only this zone.</summary>
    public Guid? ZoneId { get; init; }

    /// <summary>Only this status.</summary>
    public NodeStatus? Status { get; init; }

    /// <summary>Only nodes last seen before this instant (or never): the unresponsive ones.</summary>
    public DateTimeOffset? LastSeenBefore { get; init; }
}
