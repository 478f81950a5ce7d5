using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Nodes;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// The node agents' heartbeat, authenticated by the node certificate (mTLS, <see cref="NodeClientResolver"/>): records
/// last-seen time and agent version, brings an unresponsive node back to RUNNING, and answers the zone's node policy.
/// </summary>
internal static class NodeStatusEndpoints
{
    public static IEndpointRouteBuilder MapNodeStatus(this IEndpointRouteBuilder app)
    {
        // No bearer token: the caller is a node, authenticated by its client certificate below.
        app.MapPost("/v1/node/status", Report).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> Report(
        NodeStatusReport report, HttpContext context, NodeClientResolver resolver, INodeStore nodes, IAuditStore audit, IStoreTransactions transactions,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var resolved = await resolver.ResolveAsync(context, cancellationToken);
        if (resolved.Client is not { } client)
        {
            return ApiProblems.Result(resolved.Status, resolved.Code!, resolved.Detail!);
        }

        if (report.Version is { Length: > 100 } || report.Name is { Length: > 200 } || report.Ipaddress is { Length: > 100 })
        {
            return ApiProblems.Result(StatusCodes.Status400BadRequest, ApiProblems.ValidationFailed, "name (≤ 200), ipaddress and version (≤ 100 characters) are too long.");
        }

        var now = time.GetUtcNow();
        var node = client.Node;
        await nodes.RecordSeenAsync(node.Id, now, report.Version, cancellationToken);
        if (NodeUnresponsiveness.IsUnresponsive(node))
        {
            // Reporting again ends the unresponsive state (audited, in one transaction with the change).
            try
            {
                await using var transaction = await transactions.BeginAsync(cancellationToken);
                await nodes.UpdateAsync(node with { Status = NodeStatus.Running, ErrorReport = null, StatusUpdatedAt = now, UpdatedAt = now }, cancellationToken);
                await audit.AppendAsync(Audit.Entry(now, node.AccountId, "node:" + node.Name, "node.responsive", "node:" + node.Id, AuditOutcome.Success), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (ConcurrencyException)
            {
                // Changed meanwhile (e.g. deactivated): the next report judges it again.
            }
        }

        var policy = client.Zone.Policy;
        return Results.Ok(new NodeStatusReply((long)policy.NodeRefreshInterval.TotalSeconds, (long)policy.NodeRenewalThreshold.TotalSeconds));
    }
}
