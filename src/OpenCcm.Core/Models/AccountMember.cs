namespace OpenCcm.Core.Models;

/// <summary>A user's membership of an account, with exactly one role there.</summary>
public sealed record AccountMember
{
    /// <summary>The account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The user.</summary>
    public required Guid UserId { get; init; }

    /// <summary>The user's role in this account.</summary>
    public required AccountRole Role { get; init; }

    /// <summary>When the user joined the account.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
