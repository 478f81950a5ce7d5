using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Which builds to list.</summary>
public sealed record BuildQuery
{
    /// <summary>The account (required).</summary>
    public required Guid AccountId { get; init; }

    /// <summary>Only this app's builds.</summary>
    public Guid? AppId { get; init; }

    /// <summary>Only this status.</summary>
    public BuildStatus? Status { get; init; }
}
