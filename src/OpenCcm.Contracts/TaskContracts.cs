namespace OpenCcm.Contracts;

/// <summary>Fortanix RequesterInfo: who opened a task (<c>requester_type</c> USER|APP|SYSTEM).</summary>
public sealed record RequesterInfo(Guid? UserId, string? UserName, Guid? AppId, string? AppName, string RequesterType);

/// <summary>Fortanix TaskStatus: <c>status</c> INPROGRESS|FAILED|SUCCESS|DENIED with its times.</summary>
public sealed record TaskStatusInfo(long CreatedAt, long StatusUpdatedAt, string Status);

/// <summary>Fortanix ApprovalInfo: one approver's decision (<c>status</c> APPROVED|DENIED).</summary>
public sealed record ApprovalInfo(Guid UserId, string UserName, string Status);

/// <summary>
/// A task (Fortanix Task). <c>entity_id</c> is the app (DOMAIN_WHITELIST), build (BUILD_WHITELIST), node or
/// certificate; <c>approvals_required</c> (the zone policy when the task opened) extends Fortanix's fields.
/// </summary>
public sealed record TaskResponse(
    Guid TaskId,
    RequesterInfo RequesterInfo,
    Guid EntityId,
    string TaskType,
    TaskStatusInfo Status,
    string? Description,
    IReadOnlyList<ApprovalInfo> Approvals,
    IReadOnlyList<string>? DomainsAdded,
    IReadOnlyList<string>? DomainsRemoved,
    int ApprovalsRequired);

/// <summary>Fortanix TaskResult: <c>GET /v1/tasks/status/{id}</c> and the answer to <c>PATCH /v1/tasks/{id}</c>.</summary>
public sealed record TaskResult(Guid TaskId, Guid? CertificateId, Guid? NodeId, Guid? BuildId, string TaskType, TaskStatusInfo TaskStatus);

/// <summary><c>PATCH /v1/tasks/{id}</c> body (Fortanix TaskUpdateRequest): <c>status</c> APPROVED|DENIED.</summary>
public sealed record TaskUpdateRequest(string? Status);
