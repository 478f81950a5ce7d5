using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class UserMapper
{
    public static UserEntity ToEntity(this User m) => new()
    {
        Id = m.Id, Email = m.Email, NormalizedEmail = User.NormalizeEmail(m.Email), FirstName = m.FirstName,
        LastName = m.LastName, PasswordHash = m.PasswordHash, Status = m.Status,
        IsSystemAdministrator = m.IsSystemAdministrator, EmailVerified = m.EmailVerified,
        LastLoggedInAt = Normalize(m.LastLoggedInAt), CreatedAt = Normalize(m.CreatedAt),
        UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static User ToModel(this UserEntity e) => new()
    {
        Id = e.Id, Email = e.Email, FirstName = e.FirstName, LastName = e.LastName, PasswordHash = e.PasswordHash,
        Status = e.Status, IsSystemAdministrator = e.IsSystemAdministrator, EmailVerified = e.EmailVerified,
        LastLoggedInAt = e.LastLoggedInAt, CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };
}
