using OpenCcm.Contracts;
using OpenCcm.Core.Audit;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// Account members (<c>/v1/accounts/{id}/members</c>): an account's MANAGER adds an existing user with a role
/// (READER, WRITER or MANAGER: Viewer, Editor, Administrator); members list them. Fortanix invites by e-mail
/// (<c>POST /v1/users/invite</c>); this direct form is what quorum approval needs until invitations exist. Non-members
/// get 404 for the account, as elsewhere.
/// </summary>
internal static class MemberEndpoints
{
    public static IEndpointRouteBuilder MapMembers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/accounts/{id:guid}/members", Add).RequireAuthorization();
        app.MapGet("/v1/accounts/{id:guid}/members", List).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> Add(
        Guid id, MemberRequest request, HttpContext context, IAccountStore accounts, IUserStore users, IStoreTransactions transactions, IAuditStore audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var role = AccountRole.Reader;
        var validation = new RequestValidation()
            .Require(!string.IsNullOrWhiteSpace(request.UserEmail), "user_email is required.")
            .Require(request.Role is not null && WireNames.TryParse(request.Role, out role), "role must be READER, WRITER or MANAGER.");
        var caller = context.RequireCaller();
        if (await accounts.GetMemberAsync(id, caller.UserId, cancellationToken) is not { } membership)
        {
            return NoAccount(id);
        }

        if (membership.Role != AccountRole.Manager)
        {
            return ApiProblems.Result(StatusCodes.Status403Forbidden, ApiProblems.Forbidden, "Adding members needs the MANAGER role in the account.");
        }

        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var user = await users.FindByEmailAsync(request.UserEmail!, cancellationToken);
        if (user is null)
        {
            return ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, "No user with this e-mail; they sign up first.");
        }

        var now = time.GetUtcNow();
        try
        {
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            var member = await accounts.AddMemberAsync(new AccountMember { AccountId = id, UserId = user.Id, Role = role, CreatedAt = now }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, id, caller.Email, "account.member.add", "user:" + user.Id, AuditOutcome.Success,
                new { email = user.Email, role = WireNames.Of(role) }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Results.Created($"/v1/accounts/{id}/members", new MemberResponse(user.Id, user.Email, WireNames.Of(role), member.CreatedAt.ToUnixTimeSeconds()));
        }
        catch (DuplicateException)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, $"{user.Email} is already a member of account {id}.");
        }
    }

    private static async Task<IResult> List(Guid id, HttpContext context, IAccountStore accounts, IUserStore users, CancellationToken cancellationToken)
    {
        if (await accounts.GetMemberAsync(id, context.RequireCaller().UserId, cancellationToken) is null)
        {
            return NoAccount(id);
        }

        var items = new List<MemberResponse>();
        foreach (var member in await accounts.ListMembersAsync(id, cancellationToken))
        {
            if (await users.GetAsync(member.UserId, cancellationToken) is { } user)
            {
                items.Add(new MemberResponse(user.Id, user.Email, WireNames.Of(member.Role), member.CreatedAt.ToUnixTimeSeconds()));
            }
        }

        return Results.Ok(new ListResponse<MemberResponse>(ListMetadata.For(items.Count, items.Count, Math.Max(items.Count, 1), 0), items));
    }

    private static IResult NoAccount(Guid id) =>
        ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No account {id} for this user.");
}
