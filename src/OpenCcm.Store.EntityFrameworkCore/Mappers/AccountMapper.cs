using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class AccountMapper
{
    public static AccountEntity ToEntity(this Account m) => new()
    {
        Id = m.Id, Name = m.Name, Description = m.Description, Status = m.Status, DefaultZoneId = m.DefaultZoneId,
        CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static Account ToModel(this AccountEntity e) => new()
    {
        Id = e.Id, Name = e.Name, Description = e.Description, Status = e.Status, DefaultZoneId = e.DefaultZoneId,
        CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };

    public static AccountMemberEntity ToEntity(this AccountMember m) => new()
    {
        AccountId = m.AccountId, UserId = m.UserId, Role = m.Role, CreatedAt = Normalize(m.CreatedAt),
    };

    public static AccountMember ToModel(this AccountMemberEntity e) => new()
    {
        AccountId = e.AccountId, UserId = e.UserId, Role = e.Role, CreatedAt = e.CreatedAt,
    };
}
