namespace OpenCcm.Core.Models;

/// <summary>A tenant: users, zones, nodes, apps and certificates all belong to one account (Fortanix <c>acct_id, name</c>).</summary>
public sealed record Account
{
    /// <summary>Identifier (<c>acct_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>Display name; unique across the manager (stores refuse a duplicate).</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the account is usable.</summary>
    public AccountStatus Status { get; init; } = AccountStatus.Active;

    /// <summary>The zone nodes join when none is named; every account has one once set up.</summary>
    public Guid? DefaultZoneId { get; init; }

    /// <summary>When the account was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
