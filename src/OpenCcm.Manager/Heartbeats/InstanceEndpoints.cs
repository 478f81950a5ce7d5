using OpenCcm.Contracts;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Heartbeats;

/// <summary><c>GET /v1/instances</c> and <c>/v1/instances/{id}</c>: the selected account's app instances (READER).</summary>
internal static class InstanceEndpoints
{
    public static IEndpointRouteBuilder MapInstances(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/instances", List).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/instances/{id:guid}", Get).RequireAccountRole(AccountRole.Reader);
        return app;
    }

    private static async Task<IResult> List(
        HttpContext context, IInstanceStore instances, string? app_id, string? build_id, string? node_id, string? status, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var page = ListPaging.Read(limit, offset, validation);
        var query = new InstanceQuery
        {
            AccountId = context.RequireCaller().AccountId!.Value,
            AppId = ListPaging.Id(app_id, "app_id", validation),
            BuildId = ListPaging.Id(build_id, "build_id", validation),
            NodeId = ListPaging.Id(node_id, "node_id", validation),
            Status = ListPaging.Enum<InstanceStatus>(status, "status", validation),
        };
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var found = await instances.ListAsync(query, page, cancellationToken);
        return Results.Ok(new ListResponse<InstanceResponse>(
            ListMetadata.For(found.TotalCount, found.TotalCount, page.Limit, page.Offset), [.. found.Items.Select(ToResponse)]));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, IInstanceStore instances, CancellationToken cancellationToken)
    {
        var instance = await instances.GetAsync(id, cancellationToken);
        return instance is not null && instance.AccountId == context.RequireCaller().AccountId
            ? Results.Ok(ToResponse(instance))
            : ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No instance {id} in the selected account.");
    }

    private static InstanceResponse ToResponse(AppInstance i) => new(
        i.Id, i.AccountId, i.AppId, i.BuildId, i.NodeId, i.CertificateId, WireNames.Of(i.Status), i.MessageCount, i.LastSequence,
        i.CreatedAt.ToUnixTimeSeconds(), i.LastSeenAt.ToUnixTimeSeconds(), i.StatusUpdatedAt.ToUnixTimeSeconds(), i.IntervalSeconds, i.ExitCode,
        i.LastSentAt?.ToUnixTimeSeconds());
}
