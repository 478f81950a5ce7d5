using Microsoft.AspNetCore.Mvc;
using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;
using OpenCcm.Manager.Zones;
using OpenCcm.Pki.Authority;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Zones of the selected account (<c>/v1/zones</c>, Fortanix §5) and their join tokens. Another account's zone ids answer
/// 404 as if absent. READER lists and reads; WRITER makes join tokens; MANAGER adds zones, changes policy, revokes tokens.
/// </summary>
internal static class ZoneEndpoints
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 1000;

    public static IEndpointRouteBuilder MapZones(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/zones", List).RequireAccountRole(AccountRole.Reader);
        app.MapPost("/v1/zones", Create).RequireAccountRole(AccountRole.Manager);
        app.MapGet("/v1/zones/{id:guid}", Get).RequireAccountRole(AccountRole.Reader);
        app.MapPatch("/v1/zones/{id:guid}", Update).RequireAccountRole(AccountRole.Manager);
        app.MapGet("/v1/zones/{id:guid}/token", IssueToken).RequireAccountRole(AccountRole.Writer);
        app.MapGet("/v1/zones/{id:guid}/tokens", ListTokens).RequireAccountRole(AccountRole.Reader);
        app.MapDelete("/v1/zones/{id:guid}/tokens/{tokenId:guid}", RevokeToken).RequireAccountRole(AccountRole.Manager);
        return app;
    }

    private static async Task<IResult> List(string? limit, string? offset, HttpContext context, IZoneStore zones, CancellationToken cancellationToken)
    {
        var all = await zones.ListAsync(context.RequireCaller().AccountId!.Value, cancellationToken);
        return ListPaging.Page(all, limit, offset, zone => ZoneResponses.From(zone, context.Request));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, IZoneStore zones, CancellationToken cancellationToken) =>
        await FindAsync(id, context, zones, cancellationToken) is { } zone ? Results.Ok(ZoneResponses.From(zone, context.Request)) : NotFound(id);

    private static async Task<IResult> Create(
        ZoneCreateRequest request, HttpContext context, ZoneProvisioner provisioner, IStoreTransactions transactions, IAuditStore audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        var description = NormalizeDescription(request.Description);
        var keyType = request.CaKeyType ?? CaKeyTypes.Ecdsa;
        var validation = new RequestValidation()
            .Require(name.Length is > 0 and <= MaxNameLength, $"name must have 1 to {MaxNameLength} characters.")
            .Require(description is not { Length: > MaxDescriptionLength }, $"description has at most {MaxDescriptionLength} characters.")
            .Require(keyType is CaKeyTypes.Ecdsa or CaKeyTypes.Rsa, $"ca_key_type must be '{CaKeyTypes.Ecdsa}' (default) or '{CaKeyTypes.Rsa}'.");
        var policy = ZonePolicyRules.Apply(ZonePolicy.Default, request.Policy, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        var account = caller.AccountId!.Value;
        var algorithm = keyType == CaKeyTypes.Rsa ? CaKeyAlgorithm.Rsa : CaKeyAlgorithm.Ecdsa;
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            var zone = await provisioner.CreateAsync(account, name, algorithm, string.IsNullOrEmpty(description) ? null : description, policy, cancellationToken);
            await audit.AppendAsync(Audit.Entry(time.GetUtcNow(), account, caller.Email, "zone.create", "zone:" + zone.Id, AuditOutcome.Success,
                new { name, ca_key_type = keyType, policy = ZonePolicyRules.ToContract(policy) }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Created($"/v1/zones/{zone.Id}", ZoneResponses.From(zone, context.Request));
        }
        catch (DuplicateException)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"The account has a zone named '{name}'.");
        }
    }

    private static async Task<IResult> Update(
        Guid id, ZoneUpdateRequest request, HttpContext context, IZoneStore zones, IStoreTransactions transactions, IAuditStore audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, context, zones, cancellationToken) is not { } zone)
        {
            return NotFound(id);
        }

        var description = NormalizeDescription(request.Description);
        var validation = new RequestValidation()
            .Require(request.Description is not null || request.Policy is not null, "Give description or policy to change.")
            .Require(description is not { Length: > MaxDescriptionLength }, $"description has at most {MaxDescriptionLength} characters.");
        var policy = ZonePolicyRules.Apply(zone.Policy, request.Policy, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        var changed = zone with
        {
            Description = description is null ? zone.Description : description.Length == 0 ? null : description,
            Policy = policy,
            UpdatedAt = now,
        };
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            var saved = await zones.UpdateAsync(changed, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, zone.AccountId, caller.Email, "zone.update", "zone:" + zone.Id, AuditOutcome.Success,
                new { description = saved.Description, policy = ZonePolicyRules.ToContract(saved.Policy) }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Ok(ZoneResponses.From(saved, context.Request));
        }
        catch (ConcurrencyException)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"Zone {id} changed meanwhile; read it again and retry.");
        }
    }

    private static async Task<IResult> IssueToken(
        Guid id, [FromQuery(Name = "expires_in")] long? expiresIn, HttpContext context, IZoneStore zones, JoinTokens tokens,
        CancellationToken cancellationToken)
    {
        var maxSeconds = (long)JoinTokens.MaxLifetime.TotalSeconds;
        var validation = new RequestValidation()
            .Require(expiresIn is null || (expiresIn >= 1 && expiresIn <= maxSeconds), $"expires_in must be 1 to {maxSeconds} seconds.");
        if (await FindAsync(id, context, zones, cancellationToken) is not { } zone)
        {
            return NotFound(id);
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var lifetime = expiresIn is { } seconds ? TimeSpan.FromSeconds(seconds) : JoinTokens.DefaultLifetime;
        var (secret, token) = await tokens.IssueAsync(zone, context.RequireCaller(), lifetime, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new ZoneJoinTokenResponse(secret, token.Id, token.ExpiresAt?.ToUnixTimeSeconds()));
    }

    private static async Task<IResult> ListTokens(
        Guid id, string? limit, string? offset, HttpContext context, IZoneStore zones, JoinTokens tokens, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, context, zones, cancellationToken) is not { } zone)
        {
            return NotFound(id);
        }

        var now = time.GetUtcNow();
        return ListPaging.Page(await tokens.ListAsync(zone, cancellationToken), limit, offset, token => ZoneResponses.From(token, now));
    }

    private static async Task<IResult> RevokeToken(
        Guid id, Guid tokenId, HttpContext context, IZoneStore zones, JoinTokens tokens, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, context, zones, cancellationToken) is not { } zone)
        {
            return NotFound(id);
        }

        return await tokens.RevokeAsync(zone, tokenId, context.RequireCaller(), cancellationToken) switch
        {
            true => Results.NoContent(),
            false => ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"Join token {tokenId} is already revoked."),
            null => ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"Zone {id} has no join token {tokenId}."),
        };
    }

    /// <summary>The zone when it belongs to the caller's selected account; otherwise null (answered as 404, never 403).</summary>
    private static async Task<Zone?> FindAsync(Guid id, HttpContext context, IZoneStore zones, CancellationToken cancellationToken)
    {
        var zone = await zones.GetAsync(id, cancellationToken);
        return zone is not null && zone.AccountId == context.RequireCaller().AccountId ? zone : null;
    }

    /// <summary>Trimmed; null when absent, "" when the caller clears it.</summary>
    private static string? NormalizeDescription(string? description) => description?.Trim();

    private static IResult NotFound(Guid id) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No zone {id} in the selected account.");
}
