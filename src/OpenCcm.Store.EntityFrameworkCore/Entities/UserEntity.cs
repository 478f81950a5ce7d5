using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Entities;

/// <summary>Row of <c>users</c>.</summary>
public class UserEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public string Email { get; set; } = "";

    /// <summary>Unique; see <see cref="User.NormalizeEmail"/>.</summary>
    public string NormalizedEmail { get; set; } = "";
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? PasswordHash { get; set; }
    public UserStatus Status { get; set; }
    public bool IsSystemAdministrator { get; set; }
    public bool EmailVerified { get; set; }
    public DateTimeOffset? LastLoggedInAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
