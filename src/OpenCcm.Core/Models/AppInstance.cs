namespace OpenCcm.Core.Models;

/// <summary>
/// One run of a workload, known from its heartbeats (Fortanix's app instance on a node, with its
/// <c>message_count</c>): the runtime picks <see cref="Id"/> at start and numbers its heartbeats from 1.
/// </summary>
public sealed record AppInstance
{
    /// <summary>Identifier (<c>instance_id</c>, chosen by the runtime).</summary>
    public required Guid Id { get; init; }

    /// <summary>The owning account (the workload certificate's).</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The app of the workload certificate.</summary>
    public required Guid AppId { get; init; }

    /// <summary>The allowlisted build the certificate was issued to (null once that build is deleted).</summary>
    public Guid? BuildId { get; init; }

    /// <summary>The node whose agent relays its heartbeats.</summary>
    public required Guid NodeId { get; init; }

    /// <summary>The workload certificate of the latest accepted heartbeat (it changes when the runtime renews).</summary>
    public required Guid CertificateId { get; init; }

    /// <summary>Current status.</summary>
    public required InstanceStatus Status { get; init; }

    /// <summary>Accepted heartbeats (duplicates and refused ones not counted).</summary>
    public required long MessageCount { get; init; }

    /// <summary>The highest sequence accepted; a heartbeat at or below it is a duplicate.</summary>
    public required long LastSequence { get; init; }

    /// <summary>The heartbeat interval the runtime announced, in seconds.</summary>
    public required int IntervalSeconds { get; init; }

    /// <summary>The exit code of a stopped instance, when it reported one.</summary>
    public int? ExitCode { get; init; }

    /// <summary>When the manager accepted the latest heartbeat (<c>last_seen</c>).</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>When the runtime says it sent the latest heartbeat (its clock, for information).</summary>
    public DateTimeOffset? LastSentAt { get; init; }

    /// <summary>The latest heartbeat's signature as the agent relayed it (the agent verified it).</summary>
    public byte[]? LastSignature { get; init; }

    /// <summary>When a RUNNING instance turns UNRESPONSIVE unless another heartbeat arrives (set by the manager).</summary>
    public required DateTimeOffset UnresponsiveAt { get; init; }

    /// <summary>When <see cref="Status"/> last changed.</summary>
    public required DateTimeOffset StatusUpdatedAt { get; init; }

    /// <summary>When its first heartbeat was accepted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency version; stores set it and bump it on every update.</summary>
    public long Version { get; init; }
}
