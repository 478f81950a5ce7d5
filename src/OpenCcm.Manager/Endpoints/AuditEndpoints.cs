using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// The hash-chained audit log. <c>GET /v1/audit</c>: the selected account's entries (READER). The chain spans all
/// accounts, so verifying it needs every entry: <c>GET /v1/audit/chain</c> and <c>/v1/audit/verify</c> are for system
/// administrators (<c>ccm audit verify</c> recomputes every hash on the client).
/// </summary>
internal static class AuditEndpoints
{
    private const int MaxPage = 1000;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit", ListForAccount).RequireAccountRole(AccountRole.Reader);
        app.MapGet("/v1/audit/chain", Chain).RequireAuthorization();
        app.MapGet("/v1/audit/verify", Verify).RequireAuthorization();
        return app;
    }

    internal static AuditEntryResponse ToResponse(AuditEntry entry) => new(
        entry.Sequence,
        (entry.Timestamp - DateTimeOffset.UnixEpoch).Ticks / 10,
        entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        entry.AccountId,
        entry.Actor,
        entry.Action,
        entry.Subject,
        WireNames.Of(entry.Outcome),
        entry.Details,
        Convert.ToHexStringLower(entry.PreviousHash),
        Convert.ToHexStringLower(entry.Hash));

    private static async Task<IResult> ListForAccount(HttpContext context, IAuditStore audit, long? after, int? limit, CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        var entries = await audit.ListAsync(new AuditQuery { AccountId = caller.AccountId, AfterSequence = after ?? 0, Limit = Math.Clamp(limit ?? 100, 1, MaxPage) }, cancellationToken);
        var items = entries.Select(ToResponse).ToArray();
        return Results.Ok(new ListResponse<AuditEntryResponse>(ListMetadata.For(items.Length, items.Length, Math.Max(items.Length, 1), 0), items));
    }

    private static async Task<IResult> Chain(HttpContext context, IAuditStore audit, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (!context.RequireCaller().IsSystemAdministrator)
        {
            return ApiProblems.Result(StatusCodes.Status403Forbidden, ApiProblems.Forbidden, "Only a system administrator reads the whole audit chain.");
        }

        var entries = await audit.ListAsync(new AuditQuery { AfterSequence = after ?? 0, Limit = Math.Clamp(limit ?? MaxPage, 1, MaxPage) }, cancellationToken);
        var items = entries.Select(ToResponse).ToArray();
        return Results.Ok(new ListResponse<AuditEntryResponse>(ListMetadata.For(items.Length, items.Length, Math.Max(items.Length, 1), 0), items));
    }

    private static async Task<IResult> Verify(HttpContext context, IAuditStore audit, CancellationToken cancellationToken)
    {
        if (!context.RequireCaller().IsSystemAdministrator)
        {
            return ApiProblems.Result(StatusCodes.Status403Forbidden, ApiProblems.Forbidden, "Only a system administrator verifies the whole audit chain.");
        }

        var report = await AuditChainVerifier.VerifyAsync(audit.ReadAllAsync(0, cancellationToken), cancellationToken: cancellationToken);
        return Results.Ok(new
        {
            intact = report.IsIntact,
            entries_checked = report.EntriesChecked,
            head_sequence = report.LastGood.Sequence,
            head_hash = Convert.ToHexStringLower(report.LastGood.Hash),
            broken_at = report.Break?.Sequence,
            break_kind = report.Break is { } b ? b.Kind.ToString() : null,
            message = report.Break?.Message,
        });
    }
}
