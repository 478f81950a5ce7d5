using OpenCcm.Contracts;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Http;
using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Endpoints;

/// <summary>Sign-up (<c>POST /v1/users</c>) and the caller's own user (<c>GET /v1/user</c>).</summary>
internal static class UserEndpoints
{
    public const int MinimumPasswordLength = 12;

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/users", SignUp).AllowAnonymous();
        app.MapGet("/v1/user", Me).RequireAuthorization();
        return app;
    }

    internal static UserResponse ToResponse(User user) =>
        new(user.Id, user.Email, user.FirstName, user.LastName, WireNames.Of(user.Status), user.IsSystemAdministrator, user.CreatedAt.ToUnixTimeSeconds());

    private static async Task<IResult> SignUp(
        SignupRequest request, IUserStore users, IAuditStore audit, PasswordHasher hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var email = request.UserEmail?.Trim() ?? string.Empty;
        var validation = new RequestValidation()
            .Require(email.Length is > 3 and <= 254 && email.Contains('@', StringComparison.Ordinal), "user_email must be an e-mail address.")
            .Require(request.UserPassword is { Length: >= MinimumPasswordLength and <= 1024 }, $"user_password must have at least {MinimumPasswordLength} characters.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var now = time.GetUtcNow();
        try
        {
            var user = await users.CreateAsync(new User
            {
                Id = Guid.NewGuid(), Email = email, FirstName = request.FirstName, LastName = request.LastName,
                PasswordHash = hasher.Hash(request.UserPassword!), CreatedAt = now, UpdatedAt = now,
            }, cancellationToken);
            await audit.AppendAsync(Audit.Entry(now, null, email, "user.signup", "user:" + user.Id, Core.Audit.AuditOutcome.Success), cancellationToken);
            return Results.Created($"/v1/users/{user.Id}", ToResponse(user));
        }
        catch (DuplicateException)
        {
            return ApiProblems.Result(StatusCodes.Status409Conflict, ApiProblems.Conflict, "A user with this e-mail exists.");
        }
    }

    private static async Task<IResult> Me(HttpContext context, IUserStore users, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(context.RequireCaller().UserId, cancellationToken);
        return user is null ? ApiProblems.Result(404, ApiProblems.NotFound, "No such user.") : Results.Ok(ToResponse(user));
    }
}
