using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class AppMapper
{
    public static AppEntity ToEntity(this App m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, Name = m.Name, Description = m.Description,
        AllowedDomains = StoreJson.Write(m.AllowedDomains), WhitelistedDomains = StoreJson.Write(m.WhitelistedDomains),
        PendingTaskId = m.PendingTaskId, Labels = StoreJson.Write(m.Labels),
        CertificateSettings = StoreJson.Write(m.CertificateSettings), InputImageName = m.InputImageName,
        OutputImageName = m.OutputImageName, AdvancedSettings = m.AdvancedSettingsJson,
        CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static App ToModel(this AppEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, Name = e.Name, Description = e.Description,
        AllowedDomains = StoreJson.ReadList(e.AllowedDomains), WhitelistedDomains = StoreJson.ReadList(e.WhitelistedDomains),
        PendingTaskId = e.PendingTaskId, Labels = StoreJson.ReadMap(e.Labels),
        CertificateSettings = StoreJson.Read<AppCertificateSettings>(e.CertificateSettings),
        InputImageName = e.InputImageName, OutputImageName = e.OutputImageName, AdvancedSettingsJson = e.AdvancedSettings,
        CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };
}
