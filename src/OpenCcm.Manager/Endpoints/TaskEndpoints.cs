using OpenCcm.Contracts;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Allowlisting;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Tasks (<c>/v1/tasks</c>, reference §1 Task/TaskResult, §2.3 step 3): READERs list and read them, newest first;
/// WRITERs and MANAGERs (Fortanix: Editors and Administrators) approve or deny with
/// <c>PATCH /v1/tasks/{id} {"status": "APPROVED"|"DENIED"}</c>, answered with a TaskResult.
/// </summary>
internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/tasks", List).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/tasks/{id:guid}", Get).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/tasks/status/{id:guid}", Status).RequireAccountRole(AccountRole.Reader);
        app.MapPatch("/v1/tasks/{id:guid}", Decide).RequireAccountRole(AccountRole.Writer);
        return app;
    }

    private static async Task<IResult> List(
        HttpContext context, ITaskStore tasks, string? status, string? task_type, string? entity_id, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var page = ListPaging.Read(limit, offset, validation);
        var query = new TaskQuery
        {
            AccountId = context.RequireCaller().AccountId!.Value,
            Status = ListPaging.Enum<ApprovalTaskStatus>(status, "status", validation),
            TaskType = ListPaging.Enum<TaskType>(task_type, "task_type", validation),
            EntityId = ListPaging.Id(entity_id, "entity_id", validation),
        };
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var found = await tasks.ListAsync(query, page, cancellationToken);
        var total = query is { Status: null, TaskType: null, EntityId: null }
            ? found.TotalCount
            : (await tasks.ListAsync(new TaskQuery { AccountId = query.AccountId }, new PageRequest(0, 1), cancellationToken)).TotalCount;
        return Results.Ok(new ListResponse<TaskResponse>(
            ListMetadata.For(total, found.TotalCount, page.Limit, page.Offset), [.. found.Items.Select(AllowlistResponses.ToResponse)]));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, ITaskStore tasks, CancellationToken cancellationToken) =>
        await FindAsync(tasks, id, context.RequireCaller(), cancellationToken) is { } task ? Results.Ok(AllowlistResponses.ToResponse(task)) : NotFound(id);

    private static async Task<IResult> Status(Guid id, HttpContext context, ITaskStore tasks, CancellationToken cancellationToken) =>
        await FindAsync(tasks, id, context.RequireCaller(), cancellationToken) is { } task ? Results.Ok(AllowlistResponses.ToResult(task)) : NotFound(id);

    private static async Task<IResult> Decide(Guid id, TaskUpdateRequest request, HttpContext context, TaskDecisions decisions, CancellationToken cancellationToken)
    {
        if (request.Status is null || !WireNames.TryParse(request.Status, out ApprovalDecision decision))
        {
            return new RequestValidation().Require(false, "status must be APPROVED or DENIED.").Problem();
        }

        var (outcome, task) = await decisions.DecideAsync(context.RequireCaller(), id, decision, cancellationToken);
        return outcome switch
        {
            TaskDecisionOutcome.NotFound => NotFound(id),
            TaskDecisionOutcome.AlreadyDecided => ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.TaskAlreadyDecided,
                $"You already decided on task {id}; another approver must decide."),
            TaskDecisionOutcome.TaskClosed => ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.TaskClosed,
                $"Task {id} is {WireNames.Of(task!.Status)} and takes no more decisions."),
            TaskDecisionOutcome.Concurrent => ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict,
                $"Task {id} kept changing under concurrent decisions; read it again and retry."),
            _ => Results.Ok(AllowlistResponses.ToResult(task!)),
        };
    }

    private static async Task<ApprovalTask?> FindAsync(ITaskStore tasks, Guid id, Caller caller, CancellationToken cancellationToken) =>
        await tasks.GetAsync(id, cancellationToken) is { } task && task.AccountId == caller.AccountId ? task : null;

    private static IResult NotFound(Guid id) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No task {id} in the selected account.");
}
