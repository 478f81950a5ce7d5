using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>nodes</c>.</summary>
public class NodeEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid ZoneId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string? IpAddress { get; set; }
    public TeeKind TeeKind { get; set; }
    public string? TcbStatus { get; set; }

    /// <summary>JSON object.</summary>
    public string PlatformIdentifiers { get; set; } = "{}";

    /// <summary>JSON object.</summary>
    public string Labels { get; set; } = "{}";
    public bool Simulated { get; set; }
    public NodeStatus Status { get; set; }
    public DateTimeOffset StatusUpdatedAt { get; set; }
    public string? ErrorName { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTimeOffset? AttestedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public string? LastSeenVersion { get; set; }
    public string? CertificateSerial { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
