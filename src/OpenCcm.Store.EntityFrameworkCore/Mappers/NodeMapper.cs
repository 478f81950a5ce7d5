using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class NodeMapper
{
    public static NodeEntity ToEntity(this Node m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, ZoneId = m.ZoneId, Name = m.Name, Description = m.Description,
        IpAddress = m.IpAddress, TeeKind = m.TeeKind, TcbStatus = m.TcbStatus,
        PlatformIdentifiers = StoreJson.Write(m.PlatformIdentifiers), Labels = StoreJson.Write(m.Labels),
        Simulated = m.Simulated, Status = m.Status, StatusUpdatedAt = Normalize(m.StatusUpdatedAt),
        ErrorName = m.ErrorReport?.Name, ErrorMessage = m.ErrorReport?.Message,
        AttestedAt = Normalize(m.AttestedAt), LastSeenAt = Normalize(m.LastSeenAt), LastSeenVersion = m.LastSeenVersion,
        CertificateSerial = m.CertificateSerial?.ToLowerInvariant(),
        CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static Node ToModel(this NodeEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, ZoneId = e.ZoneId, Name = e.Name, Description = e.Description,
        IpAddress = e.IpAddress, TeeKind = e.TeeKind, TcbStatus = e.TcbStatus,
        PlatformIdentifiers = StoreJson.ReadMap(e.PlatformIdentifiers), Labels = StoreJson.ReadMap(e.Labels),
        Simulated = e.Simulated, Status = e.Status, StatusUpdatedAt = e.StatusUpdatedAt,
        ErrorReport = e.ErrorName is null ? null : new NodeErrorReport(e.ErrorName, e.ErrorMessage ?? ""),
        AttestedAt = e.AttestedAt, LastSeenAt = e.LastSeenAt, LastSeenVersion = e.LastSeenVersion,
        CertificateSerial = e.CertificateSerial, CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };
}
