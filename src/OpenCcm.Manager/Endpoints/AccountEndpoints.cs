using OpenCcm.Contracts;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;
using OpenCcm.Manager.Zones;
using OpenCcm.Pki.Authority;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Accounts (<c>/v1/accounts</c>): any user may create one and becomes its MANAGER; every account gets a default zone
/// with its own CA in the same transaction. Listing shows the caller's accounts (all of them to a system administrator).
/// </summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/accounts", Create).RequireAuthorization();
        app.MapGet("/v1/accounts", List).RequireAuthorization();
        app.MapGet("/v1/accounts/{id:guid}", Get).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> Create(
        AccountRequest request, HttpContext context, IAccountStore accounts, IStoreTransactions transactions, ZoneProvisioner zones,
        IAuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        var validation = new RequestValidation().Require(name.Length is > 0 and <= 200, "name must have 1 to 200 characters.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var caller = context.RequireCaller();
        var now = time.GetUtcNow();
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            var account = await accounts.CreateAsync(
                new Account { Id = Guid.NewGuid(), Name = name, Description = request.Description, CreatedAt = now, UpdatedAt = now }, cancellationToken);
            await accounts.AddMemberAsync(new AccountMember { AccountId = account.Id, UserId = caller.UserId, Role = AccountRole.Manager, CreatedAt = now }, cancellationToken);
            var zone = await zones.CreateAsync(account.Id, ZoneProvisioner.DefaultZoneName, CaKeyAlgorithm.Ecdsa, cancellationToken);
            account = await accounts.UpdateAsync(account with { DefaultZoneId = zone.Id, UpdatedAt = now }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, account.Id, caller.Email, "account.create", "account:" + account.Id, Core.Audit.AuditOutcome.Success, new { name, zone = zone.Id }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Created($"/v1/accounts/{account.Id}", ToResponse(account, AccountRole.Manager));
        }
        catch (DuplicateException)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"An account named '{name}' exists.");
        }
    }

    private static async Task<IResult> List(HttpContext context, IAccountStore accounts, CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        var memberships = await accounts.ListMembershipsAsync(caller.UserId, cancellationToken);
        var items = new List<AccountResponse>();
        foreach (var membership in memberships)
        {
            if (await accounts.GetAsync(membership.AccountId, cancellationToken) is { } account)
            {
                items.Add(ToResponse(account, membership.Role));
            }
        }

        return Results.Ok(new ListResponse<AccountResponse>(ListMetadata.For(items.Count, items.Count, Math.Max(items.Count, 1), 0), items));
    }

    private static async Task<IResult> Get(Guid id, HttpContext context, IAccountStore accounts, CancellationToken cancellationToken)
    {
        var member = await accounts.GetMemberAsync(id, context.RequireCaller().UserId, cancellationToken);
        var account = member is null ? null : await accounts.GetAsync(id, cancellationToken);
        return account is null
            ? ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No account {id} for this user.")
            : Results.Ok(ToResponse(account, member!.Role));
    }

    private static AccountResponse ToResponse(Account account, AccountRole role) =>
        new(account.Id, account.Name, account.Description, account.CreatedAt.ToUnixTimeSeconds(), [WireNames.Of(role)], WireNames.Of(account.Status), account.DefaultZoneId);
}
