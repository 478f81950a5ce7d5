using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Which app instances to list.</summary>
public sealed record InstanceQuery
{
    /// <summary>The account (required: lists never cross accounts).</summary>
    public required Guid AccountId { get; init; }

    /// <summary>Only this app.</summary>
    public Guid? AppId { get; init; }

    /// <summary>Only this build.</summary>
    public Guid? BuildId { get; init; }

    /// <summary>Only this node.</summary>
    public Guid? NodeId { get; init; }

    /// <summary>Only this status.</summary>
    public InstanceStatus? Status { get; init; }
}
