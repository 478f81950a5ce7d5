using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>certificates</c>; the serial is unique.</summary>
public class CertificateEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid ZoneId { get; set; }
    public string Serial { get; set; } = "";
    public CertificateStatus Status { get; set; }
    public Guid? NodeId { get; set; }
    public Guid? AppId { get; set; }
    public Guid? BuildId { get; set; }
    public string? SubjectName { get; set; }

    /// <summary>JSON array.</summary>
    public string DnsNames { get; set; } = "[]";
    public string? CsrPem { get; set; }
    public string? CertificatePem { get; set; }
    public DateTimeOffset? NotBefore { get; set; }
    public DateTimeOffset? NotAfter { get; set; }
    public bool Simulated { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
