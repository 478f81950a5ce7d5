namespace OpenCcm.Core.Models;

/// <summary>A set of nodes sharing a CA, join tokens and a policy (Fortanix <c>zone_id, acct_id, name, description</c>).</summary>
public sealed record Zone
{
    /// <summary>Identifier (<c>zone_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>Name, unique within the account.</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The zone's CA.</summary>
    public required ZoneCertificateAuthority CertificateAuthority { get; init; }

    /// <summary>What the zone accepts.</summary>
    public ZonePolicy Policy { get; init; } = ZonePolicy.Default;

    /// <summary>When the zone was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
