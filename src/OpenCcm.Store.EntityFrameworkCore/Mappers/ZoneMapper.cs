using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class ZoneMapper
{
    public static ZoneEntity ToEntity(this Zone m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, Name = m.Name, Description = m.Description,
        RootCertificatePem = m.CertificateAuthority.RootCertificatePem,
        IssuingCertificatePem = m.CertificateAuthority.IssuingCertificatePem,
        RootKeySecretId = m.CertificateAuthority.RootKeySecretId,
        IssuingKeySecretId = m.CertificateAuthority.IssuingKeySecretId,
        AcceptedTcbStatuses = StoreJson.Write(m.Policy.AcceptedTcbStatuses),
        AllowedTeeKinds = StoreJson.Write(m.Policy.AllowedTeeKinds),
        ApprovalsRequired = m.Policy.ApprovalsRequired,
        NodeRefreshIntervalSeconds = (long)m.Policy.NodeRefreshInterval.TotalSeconds,
        NodeRenewalThresholdSeconds = (long)m.Policy.NodeRenewalThreshold.TotalSeconds,
        CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static Zone ToModel(this ZoneEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, Name = e.Name, Description = e.Description,
        CertificateAuthority = new ZoneCertificateAuthority
        {
            RootCertificatePem = e.RootCertificatePem, IssuingCertificatePem = e.IssuingCertificatePem,
            RootKeySecretId = e.RootKeySecretId, IssuingKeySecretId = e.IssuingKeySecretId,
        },
        Policy = new ZonePolicy
        {
            AcceptedTcbStatuses = StoreJson.ReadList(e.AcceptedTcbStatuses),
            AllowedTeeKinds = StoreJson.Read<TeeKind[]>(e.AllowedTeeKinds),
            ApprovalsRequired = e.ApprovalsRequired,
            NodeRefreshInterval = TimeSpan.FromSeconds(e.NodeRefreshIntervalSeconds),
            NodeRenewalThreshold = TimeSpan.FromSeconds(e.NodeRenewalThresholdSeconds),
        },
        CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };

    public static JoinTokenEntity ToEntity(this JoinToken m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, ZoneId = m.ZoneId, TokenHash = m.TokenHash.ToArray(),
        CreatedByUserId = m.CreatedByUserId, CreatedAt = Normalize(m.CreatedAt), ExpiresAt = Normalize(m.ExpiresAt),
        RevokedAt = Normalize(m.RevokedAt),
    };

    public static JoinToken ToModel(this JoinTokenEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, ZoneId = e.ZoneId, TokenHash = e.TokenHash,
        CreatedByUserId = e.CreatedByUserId, CreatedAt = e.CreatedAt, ExpiresAt = e.ExpiresAt, RevokedAt = e.RevokedAt,
    };
}
