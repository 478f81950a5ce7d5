namespace OpenCcm.Core.Models;

/// <summary>
/// A bearer token that lets a node enroll into a zone. Only its SHA-256 hash is kept
/// (<see cref="Security.TokenHash"/>); the token itself is shown once, when created.
/// </summary>
public sealed record JoinToken
{
    /// <summary>Identifier.</summary>
    public required Guid Id { get; init; }

    /// <summary>The account of the zone.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The zone a node joins with this token.</summary>
    public required Guid ZoneId { get; init; }

    /// <summary>SHA-256 of the token's UTF-8 bytes (32 bytes); unique.</summary>
    public required byte[] TokenHash { get; init; }

    /// <summary>Who created it, when a user did.</summary>
    public Guid? CreatedByUserId { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this instant it is refused; null never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it was revoked; revoked tokens are refused.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>True when the token may enroll a node at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
