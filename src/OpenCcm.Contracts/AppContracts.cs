using System.Text.Json;

namespace OpenCcm.Contracts;

/// <summary>
/// <c>POST /v1/apps</c> body (Fortanix AppRequest). <c>advanced_settings</c> is kept verbatim (its keys are Fortanix's
/// mixed camelCase); its <c>certificate</c> ({issuer, subject, altNames, keyType, keyParam{size}, keyPath, certPath,
/// chainPath}) sets how the app's certificates are made.
/// </summary>
public sealed record AppRequest(
    string? Name,
    string? Description,
    string? InputImageName,
    string? OutputImageName,
    int? Isvprodid,
    int? Isvsvn,
    long? MemSize,
    int? Threads,
    IReadOnlyList<string>? AllowedDomains,
    IReadOnlyDictionary<string, string>? Labels,
    JsonElement? AdvancedSettings);

/// <summary>
/// <c>PATCH /v1/apps/{id}</c> body (Fortanix AppBodyUpdateRequest): absent fields keep their value. <c>labels</c> is
/// either a JSON-Patch array (<c>[{op: add|replace|remove, path: "/key", value}]</c>, as Fortanix) or an object
/// that replaces every label.
/// </summary>
public sealed record AppUpdateRequest(
    string? Description,
    string? InputImageName,
    string? OutputImageName,
    int? Isvprodid,
    int? Isvsvn,
    long? MemSize,
    int? Threads,
    IReadOnlyList<string>? AllowedDomains,
    JsonElement? Labels,
    JsonElement? AdvancedSettings);

/// <summary>
/// An app (Fortanix App). <c>allowed_domains</c> are the requested domains, <c>whitelisted_domains</c> the approved
/// ones (only these go into certificates); while a DOMAIN_WHITELIST task is open, <c>pending_task_id</c> names it and
/// <c>domains_added</c>/<c>domains_removed</c> show what it would change.
/// </summary>
public sealed record AppResponse(
    Guid AppId,
    string Name,
    string? Description,
    long CreatedAt,
    long UpdatedAt,
    string InputImageName,
    string OutputImageName,
    int Isvprodid,
    int Isvsvn,
    long MemSize,
    int Threads,
    IReadOnlyList<string> AllowedDomains,
    IReadOnlyList<string> WhitelistedDomains,
    Guid? PendingTaskId,
    IReadOnlyList<string>? DomainsAdded,
    IReadOnlyList<string>? DomainsRemoved,
    IReadOnlyDictionary<string, string> Labels,
    JsonElement? AdvancedSettings);
