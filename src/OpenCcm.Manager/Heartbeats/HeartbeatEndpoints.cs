using OpenCcm.Contracts;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Heartbeats;

/// <summary>
/// <c>POST /v1/heartbeats</c>: a node agent relays its workloads' heartbeats, authenticated by its node certificate (mTLS,
/// <see cref="NodeClientResolver"/>). A body that is not a batch is refused whole (400); each item is then judged alone —
/// refused ones are listed with their codes, duplicates ignored — and the answer comes after the commit
/// (<see cref="HeartbeatWriter"/>).
/// </summary>
internal static class HeartbeatEndpoints
{
    public static IEndpointRouteBuilder MapHeartbeats(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/heartbeats", Ingest).AllowAnonymous(); // the caller is a node, authenticated by its client certificate
        return app;
    }

    private static async Task<IResult> Ingest(
        HeartbeatBatchRequest request, HttpContext context, NodeClientResolver resolver, HeartbeatWriter writer, CancellationToken cancellationToken)
    {
        var resolved = await resolver.ResolveAsync(context, cancellationToken);
        if (resolved.Client is not { } client)
        {
            return ApiProblems.Result(resolved.Status, resolved.Code!, resolved.Detail!);
        }

        if (request.Heartbeats is not { Count: <= HeartbeatParser.MaxItems } items)
        {
            return ApiProblems.Result(StatusCodes.Status400BadRequest, ApiProblems.ValidationFailed,
                $"heartbeats is required: a list of at most {HeartbeatParser.MaxItems} {{payload, signature, certificate_serial}}.");
        }

        var parsed = new List<ParsedHeartbeat>(items.Count);
        var malformed = new List<HeartbeatRejection>();
        for (var i = 0; i < items.Count; i++)
        {
            if (HeartbeatParser.Parse(i, items[i]) is { } heartbeat)
            {
                parsed.Add(heartbeat);
            }
            else
            {
                malformed.Add(new HeartbeatRejection(i, HeartbeatCodes.Malformed));
            }
        }

        var verdicts = await writer.WriteAsync(client.Node, parsed, cancellationToken);
        var rejected = malformed.Count == 0 ? verdicts.Rejected : [.. malformed.Concat(verdicts.Rejected).OrderBy(r => r.Index)];
        return Results.Ok(new HeartbeatBatchResponse(verdicts.Accepted, verdicts.Duplicates + rejected.Count, rejected));
    }
}
