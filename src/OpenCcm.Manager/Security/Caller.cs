using System.Globalization;
using System.Security.Claims;
using OpenCcm.Core.Models;

namespace OpenCcm.Manager.Security;

/// <summary>Who is calling: the user, the token they used, and the account it has selected with their role in it.</summary>
public sealed record Caller(Guid UserId, string Email, Guid TokenId, bool IsSystemAdministrator, Guid? AccountId, AccountRole? Role)
{
    internal const string TokenIdClaim = "ccm:token";
    internal const string AccountClaim = "ccm:account";
    internal const string RoleClaim = "ccm:role";
    internal const string SystemAdministratorClaim = "ccm:sysadmin";

    public static Caller? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var user)
            || !Guid.TryParse(principal.FindFirstValue(TokenIdClaim), out var token))
        {
            return null;
        }

        Guid? account = Guid.TryParse(principal.FindFirstValue(AccountClaim), out var a) ? a : null;
        AccountRole? role = Enum.TryParse<AccountRole>(principal.FindFirstValue(RoleClaim), out var r) ? r : null;
        return new Caller(user, principal.FindFirstValue(ClaimTypes.Name) ?? string.Empty, token, principal.HasClaim(SystemAdministratorClaim, "true"), account, role);
    }

    internal static ClaimsPrincipal Principal(User user, ApiToken token, AccountRole? role)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Email),
            new(TokenIdClaim, token.Id.ToString()),
            new(SystemAdministratorClaim, user.IsSystemAdministrator ? "true" : "false"),
        };
        if (token.AccountId is { } account && role is { } granted)
        {
            claims.Add(new Claim(AccountClaim, account.ToString()));
            claims.Add(new Claim(RoleClaim, granted.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, BearerAuthenticationHandler.SchemeName));
    }

    /// <summary>True when the caller's role in the selected account is at least <paramref name="minimum"/> (READER &lt; WRITER &lt; MANAGER).</summary>
    public bool Has(AccountRole minimum) => Role is { } role && role >= minimum;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Email} ({UserId})");
}
