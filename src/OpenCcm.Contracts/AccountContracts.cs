namespace OpenCcm.Contracts;

/// <summary>An account as <c>GET /v1/accounts</c> lists it (Fortanix: acct_id, name, roles[], status ...).</summary>
public sealed record AccountResponse(Guid AcctId, string Name, string? Description, long CreatedAt, IReadOnlyList<string> Roles, string Status, Guid? DefaultZoneId);

/// <summary><c>POST /v1/accounts</c> body; <c>PATCH /v1/accounts/{id}</c> takes the same fields, all optional.</summary>
public sealed record AccountRequest(string? Name, string? Description);

/// <summary>A user (Fortanix: user_id, user_email, first_name?, last_name?, status ...).</summary>
public sealed record UserResponse(Guid UserId, string UserEmail, string? FirstName, string? LastName, string Status, bool IsSystemAdministrator, long CreatedAt);

/// <summary><c>POST /v1/users</c> (sign up) body.</summary>
public sealed record SignupRequest(string? UserEmail, string? UserPassword, string? FirstName, string? LastName);
