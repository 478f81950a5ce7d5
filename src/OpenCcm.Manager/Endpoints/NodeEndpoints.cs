using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Nodes;
using OpenCcm.Manager.Security;
using OpenCcm.Manager.Zones;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Nodes: enrollment with a join token (<c>POST /v1/nodes</c>, the bearer is the join token, not a user), listing,
/// their certificates, and deactivation, which revokes every certificate of the node (they appear on the zone CRL).
/// </summary>
internal static class NodeEndpoints
{
    public static IEndpointRouteBuilder MapNodes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/nodes", Enroll).AllowAnonymous();
        app.MapGet("/v1/nodes", List).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/nodes/{id:guid}", Get).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/nodes/{id:guid}/certificate", GetCertificate).RequireAccountRole(AccountRole.Reader);
        app.MapPost("/v1/nodes/{id:guid}/deactivate", Deactivate).RequireAccountRole(AccountRole.Manager);
        return app;
    }

    private static async Task<IResult> Enroll(NodeEnrollmentRequest request, HttpContext context, NodeEnrollment enrollment, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var outcome = await enrollment.EnrollAsync(token, request, cancellationToken);
        if (outcome.Enrolled is { } enrolled)
        {
            return Results.Created($"/v1/nodes/{enrolled.NodeId}", enrolled);
        }

        var status = outcome.Code switch
        {
            NodeEnrollment.JoinTokenInvalid => StatusCodes.Status401Unauthorized,
            NodeEnrollment.NodeAttestationFailed => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        var problem = ApiProblems.Create(status, outcome.Code!, outcome.Detail!);
        if (outcome.Refusals.Count > 0)
        {
            // Why was the node refused: every rule that failed, with its stable code.
            problem.Extensions["refusals"] = outcome.Refusals.Select(r => new { code = r.Code, message = r.Message }).ToArray();
        }

        return Results.Problem(problem);
    }

    private static async Task<IResult> List(
        HttpContext context, INodeStore nodes, string? limit, string? offset, string? status, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var page = ListPaging.Read(limit, offset, validation);
        var filter = ListPaging.Enum<NodeStatus>(status, "status", validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var found = await nodes.ListAsync(new NodeQuery { AccountId = context.RequireCaller().AccountId!.Value, Status = filter }, page, cancellationToken);
        var items = found.Items.Select(ToResponse).ToArray();
        return Results.Ok(new ListResponse<NodeResponse>(ListMetadata.For(found.TotalCount, found.TotalCount, page.Limit, page.Offset), items));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, INodeStore nodes, CancellationToken cancellationToken) =>
        await Find(id, context, nodes, cancellationToken) is { } node ? Results.Ok(ToResponse(node)) : NotFound(id);

    private static async Task<IResult> GetCertificate(Guid id, HttpContext context, INodeStore nodes, ICertificateStore certificates, CancellationToken cancellationToken)
    {
        if (await Find(id, context, nodes, cancellationToken) is not { CertificateSerial: { } serial })
        {
            return NotFound(id);
        }

        var certificate = await certificates.FindBySerialAsync(serial, cancellationToken);
        return certificate?.CertificatePem is { } pem
            ? Results.Ok(new { certificate_id = certificate.Id, status = WireNames.Of(certificate.Status), certificate = pem })
            : NotFound(id);
    }

    private static async Task<IResult> Deactivate(
        Guid id, HttpContext context, INodeStore nodes, ICertificateStore certificates, IAuditStore audit, IStoreTransactions transactions,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        if (await Find(id, context, nodes, cancellationToken) is not { } node)
        {
            return NotFound(id);
        }

        var revoked = await certificates.RevokeForNodeAsync(node.Id, now, "cessationOfOperation", cancellationToken);
        node = await nodes.UpdateAsync(node with { Status = NodeStatus.Deactivated, StatusUpdatedAt = now, UpdatedAt = now }, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, node.AccountId, caller.Email, "node.deactivate", "node:" + node.Id, AuditOutcome.Success, new { revoked }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(ToResponse(node));
    }

    private static async Task<Node?> Find(Guid id, HttpContext context, INodeStore nodes, CancellationToken cancellationToken)
    {
        var node = await nodes.GetAsync(id, cancellationToken);
        return node is not null && node.AccountId == context.RequireCaller().AccountId ? node : null;
    }

    private static IResult NotFound(Guid id) => ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No node {id} in the selected account.");

    private static NodeResponse ToResponse(Node node) => new(
        node.Id, node.Name, node.Description, node.AccountId, node.IpAddress, node.ZoneId, node.AttestedAt?.ToUnixTimeSeconds(), node.CertificateSerial,
        node.Labels,
        new NodeStatusInfo(WireNames.Of(node.Status), node.CreatedAt.ToUnixTimeSeconds(), node.StatusUpdatedAt.ToUnixTimeSeconds(), node.LastSeenAt?.ToUnixTimeSeconds(), node.LastSeenVersion),
        WireNames.Of(node.TeeKind), node.TcbStatus, node.Simulated, node.PlatformIdentifiers);
}
