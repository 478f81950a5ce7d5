using OpenCcm.Core.Models;
using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.Security;

/// <summary>
/// Endpoint filters for account-scoped calls: the caller must be authenticated, have selected an account
/// (Fortanix's NO_ACCOUNT_SELECTED otherwise) and hold at least the given role in it.
/// </summary>
public static class AccountAccess
{
    public const string NoAccountSelected = "NoAccountSelected";

    public static TBuilder RequireAccountRole<TBuilder>(this TBuilder builder, AccountRole minimum)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization();
        builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = Caller.From(context.HttpContext.User);
            if (caller is null)
            {
                return ApiProblems.Result(StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized, "Authenticate with a bearer token.");
            }

            if (caller.AccountId is null)
            {
                return ApiProblems.Result(StatusCodes.Status403Forbidden, NoAccountSelected, "Select an account first (POST /v1/accounts/select_account/{id}).");
            }

            if (!caller.Has(minimum))
            {
                return ApiProblems.Result(
                    StatusCodes.Status403Forbidden, ApiProblems.Forbidden, $"This call needs the {WireNames.Of(minimum)} role in the selected account.");
            }

            return await next(context);
        });
        return builder;
    }

    /// <summary>The authenticated caller of an endpoint that required authentication.</summary>
    public static Caller RequireCaller(this HttpContext context) =>
        Caller.From(context.User) ?? throw new InvalidOperationException("Endpoint reached without an authenticated caller.");
}
