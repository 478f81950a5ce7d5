namespace OpenCcm.Core.Audit;

/// <summary>What to record; the store gives it a sequence number and chains it (<see cref="AuditEntry.Create"/>).</summary>
public sealed record AuditEntryDraft
{
    /// <summary>When it happened (kept to the microsecond).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The account concerned; null for manager-wide events (e.g. a user signing up).</summary>
    public Guid? AccountId { get; init; }

    /// <summary>Who acted, e.g. <c>user:&lt;id&gt;</c>, <c>node:&lt;id&gt;</c>, <c>system</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>What was done, a stable dotted name, e.g. <c>certificate.issue</c>.</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to, e.g. <c>app:&lt;id&gt;</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>How it ended.</summary>
    public required AuditOutcome Outcome { get; init; }

    /// <summary>Details as JSON text (e.g. the refusal code); hashed byte-for-byte as given.</summary>
    public string Details { get; init; } = "{}";
}
