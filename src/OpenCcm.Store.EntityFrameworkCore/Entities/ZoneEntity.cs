namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>zones</c>: CA certificates, sealed-key references and the policy, flattened.</summary>
public class ZoneEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string RootCertificatePem { get; set; } = "";
    public string IssuingCertificatePem { get; set; } = "";
    public Guid RootKeySecretId { get; set; }
    public Guid IssuingKeySecretId { get; set; }

    /// <summary>JSON array of TCB status names.</summary>
    public string AcceptedTcbStatuses { get; set; } = "[]";

    /// <summary>JSON array of TEE kind wire names.</summary>
    public string AllowedTeeKinds { get; set; } = "[]";
    public int ApprovalsRequired { get; set; }
    public long NodeRefreshIntervalSeconds { get; set; }
    public long NodeRenewalThresholdSeconds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
