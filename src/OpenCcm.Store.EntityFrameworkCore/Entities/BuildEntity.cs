using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>builds</c>; (account, TEE kind, identity measurement) is unique.</summary>
public class BuildEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid AppId { get; set; }
    public string? Name { get; set; }
    public TeeKind TeeKind { get; set; }

    /// <summary>Lowercase hex; see <see cref="BuildMeasurements.IdentityOf"/>.</summary>
    public string IdentityMeasurement { get; set; } = "";
    public string? Mrenclave { get; set; }
    public string? Mrsigner { get; set; }
    public int? IsvProdId { get; set; }
    public int? IsvSvn { get; set; }

    /// <summary>JSON object.</summary>
    public string Measurements { get; set; } = "{}";
    public bool Debug { get; set; }
    public BuildStatus Status { get; set; }
    public Guid? PendingTaskId { get; set; }

    /// <summary>JSON object or null.</summary>
    public string? DockerInfo { get; set; }
    public long? MemSize { get; set; }
    public int? Threads { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
