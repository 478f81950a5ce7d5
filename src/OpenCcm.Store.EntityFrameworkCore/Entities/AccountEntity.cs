using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>accounts</c>.</summary>
public class AccountEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public AccountStatus Status { get; set; }
    public Guid? DefaultZoneId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
