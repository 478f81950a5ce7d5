using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class ImageRegistryMapper
{
    public static ImageRegistryEntity ToEntity(this ImageRegistry m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, Url = m.Url, Host = m.Host, Description = m.Description, Username = m.Username,
        CredentialSecretId = m.CredentialSecretId, CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static ImageRegistry ToModel(this ImageRegistryEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, Url = e.Url, Host = e.Host, Description = e.Description, Username = e.Username,
        CredentialSecretId = e.CredentialSecretId, CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };
}
