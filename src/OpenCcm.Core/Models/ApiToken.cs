namespace OpenCcm.Core.Models;

/// <summary>A bearer token of a user. Only its SHA-256 hash is kept (<see cref="Security.TokenHash"/>).</summary>
public sealed record ApiToken
{
    /// <summary>Identifier.</summary>
    public required Guid Id { get; init; }

    /// <summary>The user the token acts as.</summary>
    public required Guid UserId { get; init; }

    /// <summary>Session or API token.</summary>
    public required ApiTokenKind Kind { get; init; }

    /// <summary>Label the user gave it.</summary>
    public string? Name { get; init; }

    /// <summary>The selected account (sessions select one; API tokens may be bound to one).</summary>
    public Guid? AccountId { get; init; }

    /// <summary>SHA-256 of the token's UTF-8 bytes (32 bytes); unique.</summary>
    public required byte[] TokenHash { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this instant it is refused; null never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Last time it authenticated a request (updated coarsely).</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When it was revoked (logout or by hand).</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>True when the token authenticates at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
