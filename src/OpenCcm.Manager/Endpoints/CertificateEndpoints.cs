using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Certificates;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;
using OpenCcm.Manager.Zones;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Workload certificates: issuance to an mTLS-authenticated node (<see cref="WorkloadIssuance"/>), listing and reading
/// in the selected account, and revocation, which puts the certificate on its zone's CRL.
/// </summary>
internal static class CertificateEndpoints
{
    private static readonly string[] RevocationReasons =
        ["unspecified", "keyCompromise", "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", "privilegeWithdrawn"];

    public static IEndpointRouteBuilder MapCertificates(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/certificates", Issue).AllowAnonymous(); // the caller is a node, authenticated by its client certificate
        app.MapGet("/v1/certificates", List).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/certificates/{id:guid}", Get).RequireAccountRole(AccountRole.Reader);
        app.MapPost("/v1/certificates/{id:guid}/revoke", Revoke).RequireAccountRole(AccountRole.Manager);
        return app;
    }

    private static async Task<IResult> Issue(
        CertificateIssueRequest request, HttpContext context, NodeClientResolver resolver, WorkloadIssuance issuance, CancellationToken cancellationToken)
    {
        var resolved = await resolver.ResolveAsync(context, cancellationToken);
        if (resolved.Client is not { } client)
        {
            return ApiProblems.Result(resolved.Status, resolved.Code!, resolved.Detail!);
        }

        var outcome = await issuance.IssueAsync(client, request, cancellationToken);
        if (outcome.Issued is { } issued)
        {
            return Results.Created($"/v1/certificates/{issued.CertificateId}", issued);
        }

        var status = outcome.Code == CertificateRefusals.CertificateRefused ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        var problem = ApiProblems.Create(status, outcome.Code!, outcome.Detail!);
        if (outcome.Refusals.Count > 0)
        {
            problem.Extensions["refusals"] = outcome.Refusals.Select(r => new { code = r.Code, message = r.Message }).ToArray();
        }

        return Results.Problem(problem);
    }

    private static async Task<IResult> List(
        HttpContext context, ICertificateStore certificates, string? node_id, string? app_id, string? status, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var page = ListPaging.Read(limit, offset, validation);
        var query = new CertificateQuery
        {
            AccountId = context.RequireCaller().AccountId!.Value,
            NodeId = ListPaging.Id(node_id, "node_id", validation),
            AppId = ListPaging.Id(app_id, "app_id", validation),
            Status = ListPaging.Enum<CertificateStatus>(status, "status", validation),
        };
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var found = await certificates.ListAsync(query, page, cancellationToken);
        return Results.Ok(new ListResponse<CertificateResponse>(
            ListMetadata.For(found.TotalCount, found.TotalCount, page.Limit, page.Offset), [.. found.Items.Select(ToResponse)]));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, ICertificateStore certificates, CancellationToken cancellationToken) =>
        await Find(id, context, certificates, cancellationToken) is { } certificate ? Results.Ok(ToResponse(certificate)) : NotFound(id);

    private static async Task<IResult> Revoke(
        Guid id, CertificateRevokeRequest? request, HttpContext context, ICertificateStore certificates, IAuditStore audit, IStoreTransactions transactions,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var reason = request?.Reason ?? "unspecified";
        if (!RevocationReasons.Contains(reason, StringComparer.Ordinal))
        {
            return ApiProblems.Result(StatusCodes.Status400BadRequest, ApiProblems.ValidationFailed, $"reason must be one of {string.Join(", ", RevocationReasons)}.");
        }

        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        if (await Find(id, context, certificates, cancellationToken) is not { } certificate)
        {
            return NotFound(id);
        }

        if (certificate.Status != CertificateStatus.Issued)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"Certificate {id} is {WireNames.Of(certificate.Status)}, not ISSUED.");
        }

        certificate = await certificates.UpdateAsync(certificate with { Status = CertificateStatus.Revoked, RevokedAt = now, Reason = reason, UpdatedAt = now }, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, certificate.AccountId, caller.Email, "certificate.revoke", "certificate:" + certificate.Id, AuditOutcome.Success,
            new { serial = certificate.Serial, reason }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(ToResponse(certificate));
    }

    private static async Task<Certificate?> Find(Guid id, HttpContext context, ICertificateStore certificates, CancellationToken cancellationToken)
    {
        var certificate = await certificates.GetAsync(id, cancellationToken);
        return certificate is not null && certificate.AccountId == context.RequireCaller().AccountId ? certificate : null;
    }

    private static IResult NotFound(Guid id) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No certificate {id} in the selected account.");

    private static CertificateResponse ToResponse(Certificate c) => new(
        c.Id, WireNames.Of(c.Status), c.Serial, c.ZoneId, c.NodeId, c.AppId, c.BuildId, c.SubjectName, c.DnsNames, c.CertificatePem,
        c.NotBefore?.ToUnixTimeSeconds(), c.NotAfter?.ToUnixTimeSeconds(), c.RevokedAt?.ToUnixTimeSeconds(), c.Reason, c.Simulated);
}
