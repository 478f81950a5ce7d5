using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class CertificateMapper
{
    public static CertificateEntity ToEntity(this Certificate m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, ZoneId = m.ZoneId, Serial = m.Serial.ToLowerInvariant(), Status = m.Status,
        NodeId = m.NodeId, AppId = m.AppId, BuildId = m.BuildId, SubjectName = m.SubjectName,
        DnsNames = StoreJson.Write(m.DnsNames), CsrPem = m.CsrPem, CertificatePem = m.CertificatePem,
        NotBefore = Normalize(m.NotBefore), NotAfter = Normalize(m.NotAfter), Simulated = m.Simulated,
        RevokedAt = Normalize(m.RevokedAt), Reason = m.Reason,
        CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static Certificate ToModel(this CertificateEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, ZoneId = e.ZoneId, Serial = e.Serial, Status = e.Status,
        NodeId = e.NodeId, AppId = e.AppId, BuildId = e.BuildId, SubjectName = e.SubjectName,
        DnsNames = StoreJson.ReadList(e.DnsNames), CsrPem = e.CsrPem, CertificatePem = e.CertificatePem,
        NotBefore = e.NotBefore, NotAfter = e.NotAfter, Simulated = e.Simulated, RevokedAt = e.RevokedAt,
        Reason = e.Reason, CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };
}
