namespace OpenCcm.Contracts;

/// <summary>
/// A zone as <c>GET /v1/zones</c> lists it. Fortanix fields (reference §1): zone_id, acct_id, name, description?,
/// certificate (the zone root, PEM), node_refresh_interval and node_renewal_threshold (seconds). Our extensions:
/// the issuing intermediate, the policy, the public CRL address and timestamps.
/// </summary>
public sealed record ZoneResponse(
    Guid ZoneId,
    Guid AcctId,
    string Name,
    string? Description,
    string Certificate,
    long NodeRefreshInterval,
    long NodeRenewalThreshold,
    string IssuingCertificate,
    ZonePolicyContract Policy,
    string CrlUrl,
    long CreatedAt,
    long UpdatedAt);

/// <summary>What a zone accepts: Intel TCB status names, TEE kinds (SGX, TDX, SEV_SNP, NITRO; empty = every kind), task quorum.</summary>
public sealed record ZonePolicyContract(IReadOnlyList<string> AcceptedTcbStatuses, IReadOnlyList<string> AllowedTeeKinds, int ApprovalsRequired);

/// <summary>A policy change: absent fields stay as they are.</summary>
public sealed record ZonePolicyPatch(IReadOnlyList<string>? AcceptedTcbStatuses, IReadOnlyList<string>? AllowedTeeKinds, int? ApprovalsRequired);

/// <summary><c>PATCH /v1/zones/{id}</c>: description ("" clears it) and policy; absent fields stay as they are.</summary>
public sealed record ZoneUpdateRequest(string? Description, ZonePolicyPatch? Policy);

/// <summary><c>POST /v1/zones</c>: a new zone with its own CA (<c>ca_key_type</c> <c>ecdsa</c>, the default, or <c>rsa</c>).</summary>
public sealed record ZoneCreateRequest(string? Name, string? Description, string? CaKeyType, ZonePolicyPatch? Policy);

/// <summary>
/// <c>GET /v1/zones/{id}/token</c> (Fortanix ZoneJoinToken <c>{token}</c>): a new bearer token that enrolls nodes into the
/// zone, shown only here. Extensions: its id (to revoke it) and expiry.
/// </summary>
public sealed record ZoneJoinTokenResponse(string Token, Guid TokenId, long? ExpiresAt);

/// <summary>A join token as <c>GET /v1/zones/{id}/tokens</c> lists it: never the token itself. Status ACTIVE, EXPIRED or REVOKED.</summary>
public sealed record JoinTokenInfo(Guid TokenId, Guid ZoneId, string Status, long CreatedAt, long? ExpiresAt, long? RevokedAt, Guid? CreatedBy);

/// <summary>Join token states on the wire.</summary>
public static class JoinTokenStatuses
{
    public const string Active = "ACTIVE";
    public const string Expired = "EXPIRED";
    public const string Revoked = "REVOKED";
}

/// <summary>CA key types of <c>POST /v1/zones</c>.</summary>
public static class CaKeyTypes
{
    public const string Ecdsa = "ecdsa";
    public const string Rsa = "rsa";
}
