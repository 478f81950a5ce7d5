namespace OpenCcm.Core.Audit;

/// <summary>The first broken link of a chain.</summary>
/// <param name="Sequence">The sequence at which the break shows (the entry that fails, or the expected head).</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record AuditChainBreak(long Sequence, AuditBreakKind Kind, string Message);
