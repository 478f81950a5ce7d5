using OpenCcm.Core.Models;
using OpenCcm.Store.EntityFrameworkCore.Entities;
using static OpenCcm.Store.EntityFrameworkCore.Conventions.StorePrecision;

namespace OpenCcm.Store.EntityFrameworkCore.Mappers;

internal static class TaskMapper
{
    public static TaskEntity ToEntity(this ApprovalTask m) => new()
    {
        Id = m.Id, AccountId = m.AccountId, TaskType = m.TaskType, EntityId = m.EntityId, Description = m.Description,
        DomainsAdded = StoreJson.Write(m.DomainsAdded), DomainsRemoved = StoreJson.Write(m.DomainsRemoved),
        Requester = StoreJson.Write(m.Requester), Status = m.Status, ApprovalsRequired = m.ApprovalsRequired,
        Approvals = StoreJson.Write(m.Approvals.Select(a => a with { DecidedAt = Normalize(a.DecidedAt) })),
        CreatedAt = Normalize(m.CreatedAt), UpdatedAt = Normalize(m.UpdatedAt), Version = m.Version,
    };

    public static ApprovalTask ToModel(this TaskEntity e) => new()
    {
        Id = e.Id, AccountId = e.AccountId, TaskType = e.TaskType, EntityId = e.EntityId, Description = e.Description,
        DomainsAdded = StoreJson.ReadList(e.DomainsAdded), DomainsRemoved = StoreJson.ReadList(e.DomainsRemoved),
        Requester = StoreJson.Read<TaskRequester>(e.Requester), Status = e.Status, ApprovalsRequired = e.ApprovalsRequired,
        Approvals = StoreJson.Read<TaskApproval[]>(e.Approvals),
        CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, Version = e.Version,
    };
}
