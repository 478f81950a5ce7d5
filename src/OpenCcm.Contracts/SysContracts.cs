namespace OpenCcm.Contracts;

/// <summary><c>GET /v1/sys/version</c> (manager and node agent), unauthenticated.</summary>
public sealed record VersionResponse(string Version, string ApiVersion, string ServerMode);

/// <summary><c>POST /v1/sys/auth</c> answer: a bearer token for the following calls.</summary>
public sealed record AuthResponse(string AccessToken, string TokenType, SessionInfo SessionInfo);

public sealed record SessionInfo(string SubjectId, long SessionExpiresAt, long SessionTokenExpiresAt);

/// <summary>Account roles (UI: Administrator, Editor, Viewer).</summary>
public static class Roles
{
    public const string Manager = "MANAGER";
    public const string Writer = "WRITER";
    public const string Reader = "READER";
}
