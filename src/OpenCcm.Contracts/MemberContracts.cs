namespace OpenCcm.Contracts;

/// <summary><c>POST /v1/accounts/{id}/members</c> body: an existing user and the role (READER|WRITER|MANAGER) they get.</summary>
public sealed record MemberRequest(string? UserEmail, string? Role);

/// <summary>A member of an account.</summary>
public sealed record MemberResponse(Guid UserId, string UserEmail, string Role, long CreatedAt);
