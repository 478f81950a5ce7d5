using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OpenCcm.Agent.Heartbeats;
using OpenCcm.Agent.Manager;
using OpenCcm.Agent.Platforms;
using OpenCcm.AgentProtocol;

namespace OpenCcm.Agent.LocalApi;

/// <summary>
/// The local API (CONTRACTS-5.md "Node agent local API"; Fortanix's node agent, reference/fortanix-ccm.md §2.4), JSON
/// with source-generated serialization. Refusals are RFC 7807 problems with a stable <c>code</c> (<see cref="AgentErrorCodes"/>).
/// </summary>
internal sealed class LocalApiEndpoints(
    AgentOptions options, IAgentPlatform platform, NodeSession session, WorkloadAttestation attestation, IssuanceForwarder issuance,
    HeartbeatBuffer heartbeats, string version, ILogger logger)
{
    /// <summary>Far above any legitimate request (a CSR with two certificates is a few KiB).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/sys/version", () => Handle(() => Json(
            new AgentVersionResponse(version, "1", session.Identity?.NodeId, platform.Name), AgentProtocolJson.Default.AgentVersionResponse)));
        app.MapGet("/v1/enclave/target-info", () => Handle(() => platform.TargetInfo is { } target
            ? Json(new TargetInfoResponse(Convert.ToBase64String(target.Raw.Span)), AgentProtocolJson.Default.TargetInfoResponse)
            : throw new LocalProblem(501, AgentErrorCodes.LocalAttestationUnsupported, $"Platform {platform.Name} offers no local attestation.")));
        app.MapPost("/v1/enclave/attest", (Func<HttpContext, Task<IResult>>)(context => HandleAsync(async () =>
        {
            var request = await ReadAsync(context, AgentProtocolJson.Default.AttestRequest).ConfigureAwait(false);
            return Json(attestation.Attest(request), AgentProtocolJson.Default.AttestResponse);
        })));
        app.MapPost("/v1/certificate/issue", (Func<HttpContext, Task<IResult>>)(context => HandleAsync(async () =>
        {
            var request = await ReadAsync(context, AgentProtocolJson.Default.IssueCertificateRequest).ConfigureAwait(false);
            var task = await issuance.IssueAsync(request, context.RequestAborted).ConfigureAwait(false);
            return Json(task, AgentProtocolJson.Default.CertificateTask);
        })));
        app.MapPost("/v1/certificate/result/{taskId}", (string taskId) => Handle(() => Guid.TryParse(taskId, out var id)
            ? Json(issuance.Result(id), AgentProtocolJson.Default.CertificateTask)
            : throw LocalProblem.BadRequest(AgentErrorCodes.ValidationFailed, "task_id must be a UUID.")));
        app.MapPost("/v1/heartbeat", (Func<HttpContext, Task<IResult>>)(context => HandleAsync(async () =>
        {
            var envelope = await ReadAsync(context, AgentProtocolJson.Default.HeartbeatEnvelope).ConfigureAwait(false);
            var node = WorkloadAttestation.RequireUsableNode(session);
            var relayed = HeartbeatVerifier.Verify(envelope, node, options.Time.GetUtcNow());
            if (!heartbeats.TryAdd(relayed))
            {
                throw new LocalProblem(503, AgentErrorCodes.HeartbeatBufferFull,
                    $"The relay buffer holds {heartbeats.Capacity} heartbeats the manager has not acknowledged yet; retry later.");
            }

            return Json(new HeartbeatAccepted("OK"), AgentProtocolJson.Default.HeartbeatAccepted, StatusCodes.Status202Accepted);
        })));
        app.MapFallback(() => Problem(new LocalProblem(404, AgentErrorCodes.NotFound, "No such endpoint of the node agent.")));
    }

    private static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        Results.Json(value, type, statusCode: status);

    private static IResult Problem(LocalProblem problem) =>
        Results.Json(problem.ToProblem(), AgentProtocolJson.Default.AgentProblem, "application/problem+json", problem.Status);

    private static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new LocalProblem(413, AgentErrorCodes.PayloadTooLarge, $"Requests are at most {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new LocalProblem(413, AgentErrorCodes.PayloadTooLarge, $"Requests are at most {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type)
                ?? throw LocalProblem.BadRequest(AgentErrorCodes.MalformedJson, "The body is JSON null.");
        }
        catch (JsonException e)
        {
            throw LocalProblem.BadRequest(AgentErrorCodes.MalformedJson, $"The body is not the JSON expected: {e.Message}");
        }
    }

    private static IResult Handle(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (LocalProblem problem)
        {
            return Problem(problem);
        }
    }

    private async Task<IResult> HandleAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (LocalProblem problem)
        {
            return Problem(problem);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Local API request failed.");
            return Problem(new LocalProblem(500, AgentErrorCodes.InternalError, "The node agent failed unexpectedly; see its log."));
        }
    }
}
