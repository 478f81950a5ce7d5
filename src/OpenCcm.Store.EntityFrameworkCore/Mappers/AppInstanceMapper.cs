using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class AppInstanceMapper
{
    public static AppInstanceEntity ToEntity(this AppInstance m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, AppId = m.AppId, BuildId = m.BuildId, NodeId = m.NodeId, CertificateId = m.CertificateId,
        Status = m.Status, MessageCount = m.MessageCount, LastSequence = m.LastSequence, IntervalSeconds = m.IntervalSeconds, ExitCode = m.ExitCode,
        LastSeenAt = Normalize(m.LastSeenAt), LastSentAt = Normalize(m.LastSentAt), LastSignature = m.LastSignature,
        UnresponsiveAt = Normalize(m.UnresponsiveAt), StatusUpdatedAt = Normalize(m.StatusUpdatedAt),
        CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static AppInstance ToModel(this AppInstanceEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, AppId = e.AppId, BuildId = e.BuildId, NodeId = e.NodeId, CertificateId = e.CertificateId,
        Status = e.Status, MessageCount = e.MessageCount, LastSequence = e.LastSequence, IntervalSeconds = e.IntervalSeconds, ExitCode = e.ExitCode,
        LastSeenAt = e.LastSeenAt, LastSentAt = e.LastSentAt, LastSignature = e.LastSignature, UnresponsiveAt = e.UnresponsiveAt,
        StatusUpdatedAt = e.StatusUpdatedAt, CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };
}
