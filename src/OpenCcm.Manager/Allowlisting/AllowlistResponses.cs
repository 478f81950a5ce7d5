using OpenCcm.Contracts;
using OpenCcm.Core.Models;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>Core models → Fortanix wire shapes (times as Unix seconds, enums as their Fortanix names).</summary>
internal static class AllowlistResponses
{
    public static AppResponse ToResponse(App app)
    {
        var document = AppDocument.Read(app.AdvancedSettingsJson);
        // While a domain task is open, allowed_domains holds the request and whitelisted_domains what is in force.
        var (added, removed) = app.PendingTaskId is null ? ([], []) : DomainNames.Diff(app.WhitelistedDomains, app.AllowedDomains);
        return new AppResponse(
            app.Id, app.Name, app.Description, app.CreatedAt.ToUnixTimeSeconds(), app.UpdatedAt.ToUnixTimeSeconds(),
            app.InputImageName ?? string.Empty, app.OutputImageName ?? string.Empty, document.Isvprodid, document.Isvsvn, document.MemSize, document.Threads,
            app.AllowedDomains, app.WhitelistedDomains, app.PendingTaskId, app.PendingTaskId is null ? null : added, app.PendingTaskId is null ? null : removed,
            app.Labels, document.AdvancedSettings);
    }

    public static BuildResponse ToResponse(Build build, App? app) => new(
        build.Id, build.AppId, app?.Name, app?.Description, build.Name, build.CreatedAt.ToUnixTimeSeconds(), build.UpdatedAt.ToUnixTimeSeconds(),
        new BuildStatusInfo(WireNames.Of(build.Status), build.UpdatedAt.ToUnixTimeSeconds()),
        build.EnclaveInfo is { } e ? new BuildEnclaveInfo(e.Mrenclave, e.Mrsigner, e.IsvProdId, e.IsvSvn) : null,
        WireNames.Of(build.TeeKind), BuildIdentity.ToWire(build), build.Debug,
        build.DockerInfo is { } d ? new BuildDockerInfo(d.ImageName, d.Version, d.ImageSha, d.ImageSize) : null,
        build.MemSize, build.Threads, build.PendingTaskId);

    public static TaskResponse ToResponse(ApprovalTask task)
    {
        var isDomainTask = task.TaskType == TaskType.DomainWhitelist;
        return new TaskResponse(
            task.Id,
            new RequesterInfo(task.Requester.UserId, task.Requester.UserName, task.Requester.AppId, task.Requester.AppName, WireNames.Of(task.Requester.Type)),
            task.EntityId, WireNames.Of(task.TaskType), Status(task), task.Description,
            [.. task.Approvals.Select(a => new ApprovalInfo(a.UserId, a.UserName, WireNames.Of(a.Decision)))],
            isDomainTask ? task.DomainsAdded : null, isDomainTask ? task.DomainsRemoved : null, task.ApprovalsRequired);
    }

    public static TaskResult ToResult(ApprovalTask task) => new(
        task.Id,
        task.TaskType == TaskType.CertificateIssuance ? task.EntityId : null,
        task.TaskType == TaskType.NodeAttestation ? task.EntityId : null,
        task.TaskType == TaskType.BuildWhitelist ? task.EntityId : null,
        WireNames.Of(task.TaskType), Status(task));

    private static TaskStatusInfo Status(ApprovalTask task) =>
        new(task.CreatedAt.ToUnixTimeSeconds(), task.UpdatedAt.ToUnixTimeSeconds(), WireNames.Of(task.Status));
}
