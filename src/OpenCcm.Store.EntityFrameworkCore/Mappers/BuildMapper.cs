using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class BuildMapper
{
    /// <exception cref="ArgumentException">The build lacks its identity measurement.</exception>
    public static BuildEntity ToEntity(this Build m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, AppId = m.AppId, Name = m.Name, TeeKind = m.TeeKind,
        IdentityMeasurement = BuildMeasurements.IdentityOf(m),
        Mrenclave = m.EnclaveInfo?.Mrenclave, Mrsigner = m.EnclaveInfo?.Mrsigner,
        IsvProdId = m.EnclaveInfo?.IsvProdId, IsvSvn = m.EnclaveInfo?.IsvSvn,
        Measurements = StoreJson.Write(m.Measurements), Debug = m.Debug, Status = m.Status,
        PendingTaskId = m.PendingTaskId, DockerInfo = m.DockerInfo is null ? null : StoreJson.Write(m.DockerInfo),
        MemSize = m.MemSize, Threads = m.Threads,
        CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static Build ToModel(this BuildEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, AppId = e.AppId, Name = e.Name, TeeKind = e.TeeKind,
        EnclaveInfo = e.Mrenclave is null ? null : new EnclaveInfo(e.Mrenclave, e.Mrsigner ?? "", e.IsvProdId ?? 0, e.IsvSvn ?? 0),
        Measurements = StoreJson.ReadMap(e.Measurements), Debug = e.Debug, Status = e.Status,
        PendingTaskId = e.PendingTaskId, DockerInfo = e.DockerInfo is null ? null : StoreJson.Read<DockerInfo>(e.DockerInfo),
        MemSize = e.MemSize, Threads = e.Threads, CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };
}
