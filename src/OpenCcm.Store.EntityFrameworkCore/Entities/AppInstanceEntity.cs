using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>app_instances</c>.</summary>
public class AppInstanceEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid AppId { get; set; }
    public Guid? BuildId { get; set; }
    public Guid NodeId { get; set; }
    public Guid CertificateId { get; set; }
    public InstanceStatus Status { get; set; }
    public long MessageCount { get; set; }
    public long LastSequence { get; set; }
    public int IntervalSeconds { get; set; }
    public int? ExitCode { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    public byte[]? LastSignature { get; set; }
    public DateTimeOffset UnresponsiveAt { get; set; }
    public DateTimeOffset StatusUpdatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
