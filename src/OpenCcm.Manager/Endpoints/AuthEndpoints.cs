using System.Text;
using OpenCcm.Contracts;
using OpenCcm.Core.Models;
using OpenCcm.Core.Security;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>
/// <c>POST /v1/sys/auth</c> (HTTP Basic → bearer session token, as in Fortanix CCM), account selection and logout.
/// </summary>
internal static class AuthEndpoints
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/sys/auth", LogIn).AllowAnonymous();
        app.MapPost("/v1/sys/logout", LogOut).RequireAuthorization();
        app.MapPost("/v1/sys/session/select_account/{id:guid}", SelectAccount).RequireAuthorization();
        app.MapPost("/v1/accounts/select_account/{id:guid}", SelectAccount).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> LogIn(
        HttpContext context, IUserStore users, IApiTokenStore tokens, IAuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryReadBasic(context.Request.Headers.Authorization.ToString(), out var email, out var password))
        {
            return ApiProblems.Result(StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized, "Send the e-mail and password with HTTP Basic authentication.");
        }

        var now = time.GetUtcNow();
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user?.PasswordHash is null || user.Status != UserStatus.Active || !PasswordHasher.Verify(password, user.PasswordHash))
        {
            await audit.AppendAsync(Audit.Entry(now, null, email, "user.login", "user:" + email, Core.Audit.AuditOutcome.Denied), cancellationToken);
            return ApiProblems.Result(StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized, "Unknown user or wrong password.");
        }

        var secret = SecretToken.Generate("ccms");
        var token = await tokens.CreateAsync(new ApiToken
        {
            Id = Guid.NewGuid(), UserId = user.Id, Kind = ApiTokenKind.Session, TokenHash = TokenHash.Compute(secret), CreatedAt = now,
            ExpiresAt = now + SessionLifetime,
        }, cancellationToken);
        await users.UpdateAsync(user with { LastLoggedInAt = now, UpdatedAt = now }, cancellationToken);
        await audit.AppendAsync(Audit.Entry(now, null, user.Email, "user.login", "user:" + user.Id, Core.Audit.AuditOutcome.Success), cancellationToken);
        var expires = token.ExpiresAt!.Value.ToUnixTimeSeconds();
        return Results.Ok(new AuthResponse(secret, "Bearer", new SessionInfo(user.Id.ToString(), expires, expires)));
    }

    private static async Task<IResult> LogOut(HttpContext context, IApiTokenStore tokens, TimeProvider time, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(context.RequireCaller().TokenId, time.GetUtcNow(), cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> SelectAccount(
        Guid id, HttpContext context, IAccountStore accounts, IApiTokenStore tokens, CancellationToken cancellationToken)
    {
        var caller = context.RequireCaller();
        var member = await accounts.GetMemberAsync(id, caller.UserId, cancellationToken);
        if (member is null)
        {
            // Not telling apart "no such account" and "not yours" keeps account ids from being probed.
            return ApiProblems.Result(StatusCodes.Status404NotFound, ApiProblems.NotFound, $"No account {id} for this user.");
        }

        await tokens.SelectAccountAsync(caller.TokenId, id, cancellationToken);
        return Results.NoContent();
    }

    // RFC 7617: base64(user-id ":" password); the password may contain ':'.
    private static bool TryReadBasic(string header, out string email, out string password)
    {
        email = password = string.Empty;
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            email = decoded[..colon];
            password = decoded[(colon + 1)..];
            return password.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
