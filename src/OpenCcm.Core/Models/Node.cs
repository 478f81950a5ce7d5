namespace OpenCcm.Core.Models;

/// <summary>A compute node enrolled in a zone (Fortanix <c>node_id, name, acct_id, zone_id, attested_at, labels</c>).</summary>
public sealed record Node
{
    /// <summary>Identifier (<c>node_id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The zone it enrolled into.</summary>
    public required Guid ZoneId { get; init; }

    /// <summary>Name the agent reported.</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Address the agent reported (<c>ipaddress</c>).</summary>
    public string? IpAddress { get; init; }

    /// <summary>The node's TEE.</summary>
    public required TeeKind TeeKind { get; init; }

    /// <summary>The TCB status of the enrollment evidence (Intel names; null where the TEE has none).</summary>
    public string? TcbStatus { get; init; }

    /// <summary>Platform identifiers from the evidence (e.g. <c>fmspc</c>, <c>chipId</c>, <c>moduleId</c>); lowercase hex values.</summary>
    public IReadOnlyDictionary<string, string> PlatformIdentifiers { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels (key → value); an app's labels must be a subset for it to get a certificate here.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>True when enrolled with evidence from a simulated TEE.</summary>
    public bool Simulated { get; init; }

    /// <summary>Current status.</summary>
    public required NodeStatus Status { get; init; }

    /// <summary>When <see cref="Status"/> last changed.</summary>
    public required DateTimeOffset StatusUpdatedAt { get; init; }

    /// <summary>Why the node failed, when it did.</summary>
    public NodeErrorReport? ErrorReport { get; init; }

    /// <summary>When the node's evidence was last verified.</summary>
    public DateTimeOffset? AttestedAt { get; init; }

    /// <summary>When the node last reported status (updated without a version bump).</summary>
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>Agent version at the last report (<c>last_seen_version</c>).</summary>
    public string? LastSeenVersion { get; init; }

    /// <summary>Serial (lowercase hex) of the node's current certificate.</summary>
    public string? CertificateSerial { get; init; }

    /// <summary>When the node was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed (not counting status reports).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
