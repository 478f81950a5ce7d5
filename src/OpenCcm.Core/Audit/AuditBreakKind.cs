namespace OpenCcm.Core.Audit;

/// <summary>How a chain is broken.</summary>
public enum AuditBreakKind
{
    /// <summary>An entry's hash does not match its contents: the entry was changed.</summary>
    HashMismatch,

    /// <summary>An entry's previous hash is not the hash of the entry before it: that entry was changed or replaced, or entries were inserted.</summary>
    PreviousHashMismatch,

    /// <summary>A sequence number is missing: entries were deleted.</summary>
    SequenceGap,

    /// <summary>A sequence number repeats or goes back: entries were reordered or duplicated.</summary>
    SequenceOutOfOrder,

    /// <summary>The chain ends before, or differs at, the head the caller expected: entries were cut off or the tail was rewritten.</summary>
    HeadMismatch,
}
