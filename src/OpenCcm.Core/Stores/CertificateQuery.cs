using OpenCcm.Core.Models;

namespace OpenCcm.Core.Stores;

/// <summary>Which certificates to list.</summary>
public sealed record CertificateQuery
{
    /// <summary>The account (required).</summary>
    public required Guid AccountId { get; init; }

    /// <summary>Only this zone.</summary>
    public Guid? ZoneId { get; init; }

    /// <summary>Only this node's (its own and its workloads').</summary>
    public Guid? NodeId { get; init; }

    /// <summary>Only this app's.</summary>
    public Guid? AppId { get; init; }

    /// <summary>Only this status.</summary>
    public CertificateStatus? Status { get; init; }
}
