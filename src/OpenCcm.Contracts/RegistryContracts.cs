namespace OpenCcm.Contracts;

/// <summary>
/// <c>POST /v1/registry</c> body (Fortanix RegistryRequest): <c>url</c>, <c>credential{default{username, password}}</c>,
/// <c>description</c>. The password (or token) is sealed and never returned.
/// </summary>
public sealed record RegistryRequest(string? Url, RegistryCredential? Credential, string? Description);

/// <summary><c>PATCH /v1/registry/{id}</c> body: the fields given replace the stored ones (a credential is replaced whole).</summary>
public sealed record RegistryUpdateRequest(string? Url, RegistryCredential? Credential, string? Description);

/// <summary>Fortanix CredentialType: <c>{"default": AuthConfig}</c>.</summary>
public sealed record RegistryCredential(RegistryAuthConfig? Default);

/// <summary>Fortanix AuthConfig: registry user name and password (or token).</summary>
public sealed record RegistryAuthConfig(string? Username, string? Password)
{
    /// <summary>Never print the password.</summary>
    public override string ToString() => $"RegistryAuthConfig {{ Username = {Username}, Password = *** }}";
}

/// <summary>
/// A stored registry (Fortanix Registry: <c>registry_id, url, description, username</c>); <c>host</c>, <c>has_credential</c>,
/// <c>created_at</c> and <c>updated_at</c> extend it. There is no password field.
/// </summary>
public sealed record RegistryResponse(
    Guid RegistryId, string Url, string Host, string? Description, string? Username, bool HasCredential, long CreatedAt, long UpdatedAt);
