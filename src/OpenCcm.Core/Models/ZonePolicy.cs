namespace OpenCcm.Core.Models;

/// <summary>What a zone accepts from its nodes and how allowlisting tasks complete there.</summary>
public sealed record ZonePolicy
{
    /// <summary>The TCB statuses accepted by default: Intel's UpToDate and SWHardeningNeeded.</summary>
    public static readonly IReadOnlyList<string> DefaultAcceptedTcbStatuses = ["UpToDate", "SWHardeningNeeded"];

    /// <summary>A policy with every default.</summary>
    public static ZonePolicy Default { get; } = new();

    /// <summary>TCB statuses (Intel names, e.g. <c>UpToDate</c>) under which evidence is accepted.</summary>
    public IReadOnlyList<string> AcceptedTcbStatuses { get; init; } = DefaultAcceptedTcbStatuses;

    /// <summary>TEE kinds that may join; empty allows every kind.</summary>
    public IReadOnlyList<TeeKind> AllowedTeeKinds { get; init; } = [];

    /// <summary>Distinct approvals a task needs to succeed (at least 1).</summary>
    public int ApprovalsRequired { get; init; } = 1;

    /// <summary>How often nodes report status (Fortanix <c>node_refresh_interval</c>).</summary>
    public TimeSpan NodeRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long before its certificate expires a node renews it (Fortanix <c>node_renewal_threshold</c>).</summary>
    public TimeSpan NodeRenewalThreshold { get; init; } = TimeSpan.FromDays(10);
}
