using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenCcm.Core.Security;
using OpenCcm.Core.Stores;

namespace OpenCcm.Manager.Security;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c>, where TOKEN is a session token from <c>POST /v1/sys/auth</c> or an API token.
/// Tokens are looked up by their SHA-256 (never stored), must be unexpired and unrevoked, and carry the account the
/// session selected; the caller's role is read from the account membership on every request, so a removed member
/// loses access at once.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IApiTokenStore tokens, IUserStore users, IAccountStore accounts, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header["Bearer ".Length..].Trim();
        if (presented.Length is 0 or > 512)
        {
            return AuthenticateResult.Fail("Malformed bearer token.");
        }

        var token = await tokens.FindByHashAsync(TokenHash.Compute(presented), Context.RequestAborted);
        var now = time.GetUtcNow();
        if (token is null || !token.IsUsableAt(now))
        {
            return AuthenticateResult.Fail("Unknown, expired or revoked token.");
        }

        var user = await users.GetAsync(token.UserId, Context.RequestAborted);
        if (user is null || user.Status != Core.Models.UserStatus.Active)
        {
            return AuthenticateResult.Fail("The token's user is not active.");
        }

        var role = token.AccountId is { } account ? (await accounts.GetMemberAsync(account, user.Id, Context.RequestAborted))?.Role : null;
        return AuthenticateResult.Success(new AuthenticationTicket(Caller.Principal(user, token, role), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"openccm\"";
        return Task.CompletedTask;
    }
}
