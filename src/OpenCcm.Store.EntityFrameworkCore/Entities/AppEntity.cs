namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>apps</c>.</summary>
public class AppEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>JSON array.</summary>
    public string AllowedDomains { get; set; } = "[]";

    /// <summary>JSON array.</summary>
    public string WhitelistedDomains { get; set; } = "[]";
    public Guid? PendingTaskId { get; set; }

    /// <summary>JSON object.</summary>
    public string Labels { get; set; } = "{}";

    /// <summary>JSON object.</summary>
    public string CertificateSettings { get; set; } = "{}";
    public string? InputImageName { get; set; }
    public string? OutputImageName { get; set; }
    public string? AdvancedSettings { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
