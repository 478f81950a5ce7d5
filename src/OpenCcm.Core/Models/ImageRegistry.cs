namespace OpenCcm.Core.Models;

/// <summary>
/// A container registry with stored credentials (Fortanix Registry: <c>registry_id, url, description, username</c>).
/// The password or token is a <see cref="SealedSecret"/> (<see cref="CredentialSecretId"/>), never kept in plain text.
/// </summary>
public sealed record ImageRegistry
{
    /// <summary>Identifier (<c>registry_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The URL as given (<c>url</c>), e.g. <c>https://registry.example.com</c> or <c>registry.example.com:5000</c>.</summary>
    public required string Url { get; init; }

    /// <summary>The registry host (<c>host[:port]</c>, lowercase; <c>docker.io</c> for Docker Hub) image references are matched on; unique within the account.</summary>
    public required string Host { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>User name of the stored credential.</summary>
    public string? Username { get; init; }

    /// <summary>The sealed password or token, when there is one.</summary>
    public Guid? CredentialSecretId { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
