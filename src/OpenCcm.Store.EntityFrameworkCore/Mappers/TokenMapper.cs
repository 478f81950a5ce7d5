using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class TokenMapper
{
    public static ApiTokenEntity ToEntity(this ApiToken m) => new()
    {
        Id = m.Id, UserId = m.UserId, Kind = m.Kind, Name = m.Name, AccountId = m.AccountId,
        TokenHash = m.TokenHash.ToArray(), CreatedAt = Normalize(m.CreatedAt), ExpiresAt = Normalize(m.ExpiresAt),
        LastUsedAt = Normalize(m.LastUsedAt), RevokedAt = Normalize(m.RevokedAt),
    };

    public static ApiToken ToModel(this ApiTokenEntity e) => new()
    {
        Id = e.Id, UserId = e.UserId, Kind = e.Kind, Name = e.Name, AccountId = e.AccountId, TokenHash = e.TokenHash,
        CreatedAt = e.CreatedAt, ExpiresAt = e.ExpiresAt, LastUsedAt = e.LastUsedAt, RevokedAt = e.RevokedAt,
    };

    public static SealedSecretEntity ToEntity(this SealedSecret m) => new()
    {
        Id = m.Id, Purpose = m.Purpose, KeyId = m.KeyId, SealedData = m.SealedData.ToArray(), CreatedAt = Normalize(m.CreatedAt),
    };

    public static SealedSecret ToModel(this SealedSecretEntity e) => new()
    {
        Id = e.Id, Purpose = e.Purpose, KeyId = e.KeyId, SealedData = e.SealedData, CreatedAt = e.CreatedAt,
    };
}
