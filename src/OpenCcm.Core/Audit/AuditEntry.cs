using System.Text.Json;

namespace OpenCcm.Core.Audit;

/// <summary>
/// One link of the tamper-evident audit log: <see cref="Hash"/> = SHA-256 over the canonical encoding of the entry,
/// which includes <see cref="PreviousHash"/> (<see cref="AuditCanonicalEncoding"/>). Sequences start at 1 and have
/// no gaps; the first entry's previous hash is 32 zero bytes.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>Position in the chain, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>When it happened, UTC, microsecond precision.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The account concerned, if any.</summary>
    public Guid? AccountId { get; init; }

    /// <summary>Who acted.</summary>
    public required string Actor { get; init; }

    /// <summary>What was done.</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to.</summary>
    public required string Subject { get; init; }

    /// <summary>How it ended.</summary>
    public required AuditOutcome Outcome { get; init; }

    /// <summary>Details, JSON text, exactly as hashed.</summary>
    public required string Details { get; init; }

    /// <summary>Hash of the previous entry (32 zero bytes before the first).</summary>
    public required byte[] PreviousHash { get; init; }

    /// <summary>SHA-256 of this entry's canonical encoding.</summary>
    public required byte[] Hash { get; init; }

    /// <summary>The previous hash of the first entry: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> GenesisHash => new byte[AuditCanonicalEncoding.HashLength];

    /// <summary>
    /// Seals a draft as entry <paramref name="sequence"/> after the entry whose hash is <paramref name="previousHash"/>:
    /// truncates the time to microseconds (what both databases keep), checks the fields and computes the hash.
    /// </summary>
    /// <exception cref="ArgumentException">A field cannot be encoded (details not JSON, a NUL character, invalid UTF-16) or the previous hash is not 32 bytes.</exception>
    public static AuditEntry Create(AuditEntryDraft draft, long sequence, ReadOnlySpan<byte> previousHash)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        if (previousHash.Length != AuditCanonicalEncoding.HashLength)
        {
            throw new ArgumentException("The previous hash must be 32 bytes.", nameof(previousHash));
        }

        RequireStorable(draft.Actor, nameof(draft.Actor));
        RequireStorable(draft.Action, nameof(draft.Action));
        RequireStorable(draft.Subject, nameof(draft.Subject));
        RequireStorable(draft.Details, nameof(draft.Details));
        RequireJson(draft.Details);

        var unsealed = new AuditEntry
        {
            Sequence = sequence,
            Timestamp = AuditCanonicalEncoding.TruncateToMicroseconds(draft.Timestamp),
            AccountId = draft.AccountId,
            Actor = draft.Actor,
            Action = draft.Action,
            Subject = draft.Subject,
            Outcome = draft.Outcome,
            Details = draft.Details,
            PreviousHash = previousHash.ToArray(),
            Hash = [],
        };
        return unsealed with { Hash = AuditCanonicalEncoding.ComputeHash(unsealed) };
    }

    // PostgreSQL text cannot hold NUL; refusing it here keeps the chain identical on both databases.
    private static void RequireStorable(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("Audit fields cannot contain NUL characters.", name);
        }
    }

    private static void RequireJson(string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
        }
        catch (JsonException e)
        {
            throw new ArgumentException("Audit details must be JSON text.", nameof(details), e);
        }
    }
}
